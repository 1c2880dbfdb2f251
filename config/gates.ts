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
 * project outside the VPC: off (and `enabled: true` is refused, rule smoke-test-reachable).
 */
import type { SmokeTest } from "./catalogue";
import { DEFAULTS } from "./defaults";

type Obj = Record<string, unknown>;

/**
 * A path the smoke test requests (`smokeTest.path`, or the `healthCheckPath` it falls back to):
 * the characters of a URL's path and query (RFC 3986 pchar, "/" and "?"; "%" only as a
 * percent-encoding). The pipeline puts it into the smoke action's configuration, where `#{...}`
 * is CodePipeline's variable syntax: "#", "{" and "}" are refused, as are spaces and quotes.
 * https://www.rfc-editor.org/rfc/rfc3986#section-3.3
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-variables.html
 */
export const URL_PATH_PATTERN =
  /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
export const URL_PATH_HINT =
  'a URL path starting with "/": letters, digits and /-._~!$&\'()*+,;=:@?% (no "#", "{", "}" or spaces)';

export function smokeTestOf(env: Obj): SmokeTest | undefined {
  const smoke = (env.smokeTest ?? {}) as Obj;
  const network = (env.network ?? {}) as Obj;
  const internal = network.loadBalancerScheme === "internal";
  const enabled =
    (smoke.enabled as boolean | undefined) ??
    (!internal &&
      (env.smokeTest !== undefined || env.healthCheckPath !== undefined));
  if (!enabled) return undefined;
  const d = DEFAULTS.smokeTest;
  return {
    path:
      (smoke.path as string | undefined) ??
      (env.healthCheckPath as string | undefined) ??
      DEFAULTS.environment.healthCheckPath,
    attempts: (smoke.attempts as number | undefined) ?? d.attempts,
    intervalSeconds:
      (smoke.intervalSeconds as number | undefined) ?? d.intervalSeconds,
    timeoutSeconds:
      (smoke.timeoutSeconds as number | undefined) ?? d.timeoutSeconds,
  };
}
