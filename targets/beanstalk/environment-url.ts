/**
 * Where a smoke test reaches a Beanstalk environment (EnvironmentDeploy.url): its CNAME over
 * HTTP. Every load-balanced Beanstalk environment listens on port 80; one with `https` adds 443,
 * whose certificate names the service's own domain, not the CNAME (and when port 80 redirects to
 * HTTPS, the smoke test follows the redirect without checking the certificate's name: see
 * smokeBuildspec in plan/gates.ts).
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/customdomains.html
 */
export function environmentUrl(cname: string): string {
  return `http://${cname}`;
}

/**
 * A stand-in of an environment's CNAME for the plan (it exists only once the environment does),
 * as long as the real one: `<cnamePrefix>.<region>.elasticbeanstalk.com`, or without a prefix
 * Beanstalk's generated `<environment name>.eba-<8 characters>.<region>.elasticbeanstalk.com`
 * ("the CNAME is generated automatically by appending a random alphanumeric string to the
 * environment name"), so what is measured on it (a smoke test's EnvironmentVariables, at most
 * 1000 characters) is measured with the environment's own name (up to 40 characters).
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html
 */
export function cnameForLength(
  region: string,
  environmentName: string,
  cnamePrefix?: string,
): string {
  return `${cnamePrefix ?? `${environmentName}.eba-00000000`}.${region}.elasticbeanstalk.com`;
}
