/**
 * The listener rules ECS environments put on their cluster's shared load balancer, and what
 * makes a set of them wrong: facts and pure checks the listener-rule-* catalogue rules
 * (./rules/) report. One rule per ECS environment of a service with a web process, on the load
 * balancer of the environment's cluster.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
import { HTTP_PROCESS } from "../../config/environment-parts";
import type { MergedImage } from "../../config/rules/rule";
import { isRetired } from "../../config/rules/rule";
import type { Path } from "../../config/yaml-path";
import { DEFAULTS } from "../../config/defaults";
import { writtenHttp } from "./load";
import {
  listenerRulePriority,
  priorityBand,
  PriorityBand,
  RuleConditions,
} from "./priority";
import { globCovers } from "./glob";
import type { EcsHttp } from "./types";
import { isObject, isString } from "../../config/merge";

export { globCovers };

/** Rules per Application Load Balancer, all listeners, default rules excluded (adjustable). */
export const RULES_PER_LOAD_BALANCER = 100;
/** Condition values per rule (hosts and paths together). */
export const CONDITION_VALUES_PER_RULE = 5;

/** The names of a service's processes as written (default: web alone). */
export function processNames(image: MergedImage): string[] {
  return Object.keys(
    image.merged.get(["processes"], isObject) ?? DEFAULTS.processes,
  );
}

/** One ECS environment's listener rule, from the merged catalogue. */
export interface ListenerRule {
  readonly service: string;
  readonly environment: string;
  /** The environment's path; the rule's keys are under `http`. */
  readonly path: Path;
  /** The clusters entry whose load balancer it is on. */
  readonly cluster: string;
  readonly http: EcsHttp;
  readonly priority: number;
  readonly band: PriorityBand;
}

/** `services.x.environments.y.http`, naming a rule in messages. */
export function ruleName(rule: ListenerRule): string {
  return [...rule.path, "http"].join(".");
}

/**
 * Every listener rule of the catalogue's live ECS environments (those that give http, of
 * services with a web process), in catalogue order.
 */
export function listenerRules(images: readonly MergedImage[]): ListenerRule[] {
  const out: ListenerRule[] = [];
  for (const image of images) {
    if (image.kind !== "service" || isRetired(image)) continue;
    if (!processNames(image).includes(HTTP_PROCESS)) continue;
    for (const env of image.environments) {
      const http = writtenHttp(env.merged.get(["http"]));
      if (http === undefined) continue;
      out.push({
        service: image.name,
        environment: env.name,
        path: env.path,
        cluster: env.merged.get(["cluster"], isString) ?? env.name,
        http,
        priority: listenerRulePriority(
          image.name,
          env.name,
          HTTP_PROCESS,
          http,
        ),
        band: priorityBand(http),
      });
    }
  }
  return out;
}

/** The rules on each cluster's load balancer. */
export function rulesByCluster(
  rules: readonly ListenerRule[],
): Map<string, ListenerRule[]> {
  const out = new Map<string, ListenerRule[]>();
  for (const rule of rules)
    out.set(rule.cluster, [...(out.get(rule.cluster) ?? []), rule]);
  return out;
}

/** Whether every request `later` matches, `earlier` matches too (so `later` never sees one). */
export function conditionsCover(
  earlier: RuleConditions,
  later: RuleConditions,
): boolean {
  const hosts =
    earlier.hosts.length === 0 ||
    (later.hosts.length > 0 &&
      later.hosts.every((h) => earlier.hosts.some((e) => globCovers(e, h))));
  const paths = later.paths.every((p) =>
    earlier.paths.some((e) => globCovers(e, p)),
  );
  return hosts && paths;
}

/** Whether two rules match exactly the same requests as written (same hosts and paths). */
export function sameConditions(a: RuleConditions, b: RuleConditions): boolean {
  const same = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length &&
    [...x].sort().every((v, i) => v === [...y].sort()[i]);
  return same(a.hosts, b.hosts) && same(a.paths, b.paths);
}
