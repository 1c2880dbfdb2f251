/**
 * Listener-rule priorities on an environment's shared load balancer, as a pure function of one
 * service's catalogue keys: services live in separate stacks and states, and adding a service
 * must leave every other stack byte-identical, so a priority may never depend on another rule.
 *
 * An Application Load Balancer evaluates a listener's rules from the lowest priority (1) to the
 * highest (50000); the first that matches wins
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html). A
 * plain hash would put one service's `/*` before another's `/api/orders/*` about half the time,
 * so rules get a band by the shape of their conditions, more specific shapes first, and within
 * the host-and-path and path bands a bucket by how deep their literal path prefix goes, deeper
 * first; a hash of the rule's keys spreads rules inside their bucket. What the bands cannot order
 * (equal priorities, identical conditions, a rule another hides entirely, a second catch-all) is
 * refused at synth by the listener-rule rules, which see the whole catalogue; `http.priority`
 * sets a priority by hand (inside the rule's band) to resolve a clash.
 * docs/research/ecs-on-fargate.md §9 has the design and its clash odds.
 */
import { createHash } from "node:crypto";
import type { EcsHttp } from "./types";

/** A band of priorities for one shape of conditions. */
export interface PriorityBand {
  readonly id:
    "host-and-path" | "path" | "exact-host" | "wildcard-host" | "catch-all";
  /** What rules it holds, in the user's terms (for messages). */
  readonly what: string;
  readonly min: number;
  readonly max: number;
}

/** The bands, lowest priorities (evaluated first) first. */
export const PRIORITY_BANDS = {
  hostAndPath: {
    id: "host-and-path",
    what: "hosts with specific paths",
    min: 1,
    max: 12500,
  },
  path: {
    id: "path",
    what: "specific paths on any host",
    min: 12501,
    max: 25000,
  },
  exactHost: {
    id: "exact-host",
    what: "exact hosts with every path",
    min: 25001,
    max: 37499,
  },
  wildcardHost: {
    id: "wildcard-host",
    what: "wildcard hosts with every path",
    min: 37500,
    max: 49999,
  },
  catchAll: {
    id: "catch-all",
    what: "every host and path",
    min: 50000,
    max: 50000,
  },
} as const satisfies Record<string, PriorityBand>;

/**
 * The deepest literal prefix that gets a bucket of its own; deeper prefixes share it. Four (not
 * the research note's seven): paths deeper than four segments are rare, and wider buckets make
 * equal hashes rarer (20 rules in one bucket clash with odds of 7 %, not 12 %).
 */
export const MAX_DEPTH = 4;
/** Priorities per depth bucket in the host-and-path and path bands (12500 / 5). */
export const BUCKET_SIZE = Math.floor(
  (PRIORITY_BANDS.hostAndPath.max - PRIORITY_BANDS.hostAndPath.min + 1) /
    (MAX_DEPTH + 1),
);

/** `*` matches any characters, `?` exactly one, in host and path patterns. */
export function hasWildcard(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A path pattern that matches every path (`/*`). */
export function isCatchAllPath(path: string): boolean {
  return /^\/?\*+$/.test(path);
}

/**
 * How many complete `/`-separated segments the path's literal prefix (before its first wildcard)
 * has: `/api/orders/*` 2, `/api/ord*` 1, `/*` 0; an exact path counts all of its own (`/health` 1).
 */
export function pathDepth(path: string): number {
  const wildcard = hasWildcard(path);
  const segments = path.split(/[*?]/)[0].split("/");
  return (wildcard ? segments.slice(0, -1) : segments).filter((s) => s !== "")
    .length;
}

/** The conditions of a rule, as the band depends on them. */
export type RuleConditions = Pick<EcsHttp, "hosts" | "paths">;

/** Whether the rule matches every path (no paths, or `/*` among them). */
export function matchesEveryPath(http: RuleConditions): boolean {
  return http.paths.length === 0 || http.paths.some(isCatchAllPath);
}

/** The band of a rule's derived priority (and the one `http.priority` must lie in). */
export function priorityBand(http: RuleConditions): PriorityBand {
  const everyPath = matchesEveryPath(http);
  if (http.hosts.length === 0)
    return everyPath ? PRIORITY_BANDS.catchAll : PRIORITY_BANDS.path;
  if (!everyPath) return PRIORITY_BANDS.hostAndPath;
  return http.hosts.some(hasWildcard)
    ? PRIORITY_BANDS.wildcardHost
    : PRIORITY_BANDS.exactHost;
}

/** An unsigned 32-bit number from the rule's own keys. */
function ruleHash(service: string, environment: string, process: string) {
  const digest = createHash("sha256")
    .update(`${service}/${environment}/${process}`)
    .digest("hex");
  return parseInt(digest.slice(0, 8), 16);
}

/**
 * The priority of the listener rule of one service's HTTP process in one environment:
 * `http.priority` when the catalogue sets one, else derived from the band of its conditions.
 * In the host-and-path and path bands, a rule's bucket is the depth of its least specific path
 * (deeper first): `/health` (depth 1) comes before `/health*` (depth 0). Within a bucket the
 * hash decides; the listener-rule rules refuse the rare pair it would put in the wrong order.
 */
export function listenerRulePriority(
  service: string,
  environment: string,
  process: string,
  http: EcsHttp,
): number {
  if (http.priority !== undefined) return http.priority;
  const band = priorityBand(http);
  const h = ruleHash(service, environment, process);
  if (
    band.id === PRIORITY_BANDS.hostAndPath.id ||
    band.id === PRIORITY_BANDS.path.id
  ) {
    const depth = Math.min(MAX_DEPTH, ...http.paths.map(pathDepth));
    return band.min + (MAX_DEPTH - depth) * BUCKET_SIZE + (h % BUCKET_SIZE);
  }
  return band.min + (h % (band.max - band.min + 1));
}
