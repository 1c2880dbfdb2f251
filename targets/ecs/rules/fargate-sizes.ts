import {
  isRetired,
  reportMerged,
  type MergedRule,
} from "../../../config/rules/rule";
import type { Path } from "../../../config/yaml-path";
import { ECS_DEFAULTS } from "../defaults";
import { FARGATE_CPU, fargateMemoryOf, isFargateSize } from "../fargate";
import { processNames } from "../listener-rules";
import { isNumber, isObject, objectOf } from "../../../config/merge";

/**
 * Every process of an ECS environment runs as a Fargate task of a size Fargate offers: its cpu
 * and memory after its own overrides (processes.<p>) over the environment's and the defaults'.
 */
export const fargateSizes: MergedRule = {
  id: "fargate-sizes",
  summary:
    "Each process's `cpu` and `memory` (after its `processes.<process>` overrides) are a pair Fargate offers.",
  keys: [
    "services.<name>.environments.<env>.cpu",
    "services.<name>.environments.<env>.memory",
    "services.<name>.environments.<env>.processes.<process>",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      for (const env of image.environments) {
        const overrides = env.merged.get(["processes"], isObject) ?? {};
        for (const process of processNames(image)) {
          const own = objectOf(overrides[process]);
          const at = (key: "cpu" | "memory"): Path | undefined =>
            own[key] !== undefined
              ? ["processes", process, key]
              : env.merged.get([key]) !== undefined
                ? [key]
                : undefined;
          const cpuAt = at("cpu");
          const memoryAt = at("memory");
          const cpu =
            cpuAt !== undefined
              ? env.merged.get(cpuAt, isNumber)!
              : ECS_DEFAULTS.cpu;
          const memory =
            memoryAt !== undefined
              ? env.merged.get(memoryAt, isNumber)!
              : ECS_DEFAULTS.memory;
          if (!FARGATE_CPU.includes(cpu)) {
            reportMerged(
              ctx,
              env,
              cpuAt ?? [],
              `Fargate offers cpu ${FARGATE_CPU.slice(0, -1).join(", ")} or ${FARGATE_CPU[FARGATE_CPU.length - 1]}, got ${cpu}`,
            );
            continue;
          }
          if (isFargateSize(cpu, memory)) continue;
          // At the more specific of the two (a process's own over the environment's), else memory.
          const where =
            cpuAt !== undefined &&
            (memoryAt === undefined || cpuAt.length > memoryAt.length)
              ? cpuAt
              : (memoryAt ?? []);
          reportMerged(
            ctx,
            env,
            where,
            `Fargate has no task of cpu ${cpu} with memory ${memory}${memoryAt === undefined ? " (the default)" : ""}; with cpu ${cpu} it offers memory ${fargateMemoryOf(cpu)}`,
          );
        }
      }
    }
  },
};
