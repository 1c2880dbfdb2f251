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
 * A stand-in of an environment's CNAME for the plan (it exists only once the environment does):
 * `<cnamePrefix>.<region>.elasticbeanstalk.com`, or Beanstalk's generated
 * `<name>.eba-<8 characters>.<region>.elasticbeanstalk.com` without a prefix.
 */
export function cnameForLength(region: string, cnamePrefix?: string): string {
  return `${cnamePrefix ?? "environment.eba-00000000"}.${region}.elasticbeanstalk.com`;
}
