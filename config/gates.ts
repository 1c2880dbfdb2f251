/**
 * When an environment has a smoke test (issue 10 §3), from its merged value (defaults.environment
 * and the top-level network under it): the loader and the outline both ask here.
 *
 * `smokeTest.enabled` left out means on when the environment's load balancer is public and the
 * catalogue names what to request: a `healthCheckPath` or any `smokeTest` key written on the
 * environment or under `defaults.environment`. The `healthCheckPath` every Beanstalk environment
 * gets when none is written ("/", Beanstalk's own default) does not count: it is Beanstalk's
 * fallback, not a path the service promised to answer, and existing catalogues that never wrote
 * one keep the pipelines they had. An internal load balancer is out of reach of a CodeBuild
 * project outside the VPC: off (and `enabled: true` is refused, rule smoke-test-reachable). So
 * is a path that the environment's URL does not route to it (an ECS environment on a shared
 * load balancer: its deploy target's rule smoke-test-route refuses `enabled: true`).
 */
import type { SmokeTest, SmokeTestSite } from "./environment-parts";
import { SMOKE_TEST_SCHEMA } from "./schema-parts";
export { URL_PATH_HINT, URL_PATH_PATTERN } from "./schema-parts";
import { applyDefaults, conforms } from "./schema-values";

type Obj = Readonly<Record<string, unknown>>;

/**
 * @param env the environment's merged value
 * @param site what its deploy target says of it (undefined: nothing to request, as an ECS
 *   environment without a web process)
 */
export function smokeTestOf(
  env: Obj,
  site: SmokeTestSite | undefined,
): SmokeTest | undefined {
  if (site === undefined) return undefined;
  const written = env.smokeTest;
  // Its keys with their defaults (the outline also asks of catalogues with problems: a smokeTest
  // whose shape has its own problems counts as written, with the defaults).
  const smoke = applyDefaults(
    SMOKE_TEST_SCHEMA,
    written !== undefined && conforms(SMOKE_TEST_SCHEMA, written)
      ? written
      : {},
  );
  const path = smoke.path ?? site.writtenPath ?? site.defaultPath;
  const enabled =
    smoke.enabled ??
    (!site.internal &&
      (written !== undefined || site.writtenPath !== undefined) &&
      site.unrouted?.(path) === undefined);
  if (!enabled) return undefined;
  const { attempts, intervalSeconds, timeoutSeconds } = smoke;
  return {
    path,
    attempts,
    intervalSeconds,
    timeoutSeconds,
  };
}
