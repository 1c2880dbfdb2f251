import {
  DEFAULT_DEPLOY_TARGET,
  DEPLOY_TARGETS,
  targetOfKind,
} from "../../targets/registry";
import { getIn, isObject, isString } from "../merge";
import { GENERIC_ENVIRONMENT_KEYS } from "../schema";
import type { MergedRule } from "./rule";

/**
 * An environment's keys are its kind's: `cpu` in a Beanstalk environment, or `instanceTypes` in
 * an ECS one, would be silently ignored. Only keys written in the environment itself are
 * refused; those it inherits from defaults.environment (or the top-level network) apply to the
 * environments of their kind and are not applied to the others.
 */
export const environmentKindKeys: MergedRule = {
  id: "environment-kind-keys",
  summary:
    "An environment gives only the keys of its kind (a key of another kind inherited from `defaults.environment` is not applied).",
  keys: [
    "services.<name>.environments.<env>",
    "services.<name>.environments.<env>.kind",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const own = getIn(ctx.raw, env.path);
        if (!isObject(own)) continue;
        const given = env.merged.get(["kind"], isString);
        const kind = given ?? DEFAULT_DEPLOY_TARGET;
        const target = targetOfKind(given);
        if (target === undefined) continue;
        for (const key of Object.keys(own)) {
          if (
            GENERIC_ENVIRONMENT_KEYS.includes(key) ||
            key in target.environmentProperties
          )
            continue;
          const owner = DEPLOY_TARGETS.find(
            (t) => key in t.environmentProperties,
          );
          if (owner === undefined) continue; // unknown: the shape validator says so
          ctx.report(
            [...env.path, key],
            `is a key of kind: ${owner.kind} environments, and this one is kind: ${kind}${given === undefined ? " (the default)" : ""}; give kind: ${owner.kind}, or remove ${key}`,
          );
        }
      }
    }
  },
};
