/**
 * HTTP -> HTTPS on a Beanstalk environment. Beanstalk's option settings describe its listeners'
 * protocols, ports and processes, but not a redirect on the default port-80 listener
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-elbv2-listener),
 * and an .ebextensions file would have to travel in every application bundle. So, as
 * cloudposse's terraform-aws-elastic-beanstalk-environment module does, Terraform finds the
 * port-80 listener of the environment's load balancer and puts a redirect rule in front of it.
 * The environment itself is not touched: turning the redirect on or off changes no setting.
 */
import { DataAwsLbListener } from "@cdktf/provider-aws/lib/data-aws-lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import type { ElasticBeanstalkEnvironment } from "@cdktf/provider-aws/lib/elastic-beanstalk-environment";
import type { DeliveryStack } from "../../constructs/delivery-stack";
import { Fn } from "../../constructs/private/cdktf";

/**
 * The redirect: same host, path and query (the defaults #{host}, /#{path}, #{query}), HTTPS on
 * 443, permanent. Priority 1, the first rule evaluated: nothing on port 80 is served in plain
 * text. A rule needs a condition; "/*" matches every path.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-action-types.html#redirect-actions
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html
 */
export const HTTPS_REDIRECT = {
  priority: 1,
  redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" },
  pathPattern: "/*",
} as const;

/** The construct ids (and so Terraform addresses) of one environment's redirect. */
export const redirectIds = (env: string) => ({
  listener: `http-listener-${env}`,
  rule: `https-redirect-${env}`,
});

/**
 * Port 80 of this environment's load balancer redirects to HTTPS. Read at apply when the
 * environment is new (its load balancer is known only then).
 */
export function renderHttpsRedirect(
  stack: DeliveryStack,
  env: string,
  environment: ElasticBeanstalkEnvironment,
): LbListenerRule {
  const ids = redirectIds(env);
  const listener = new DataAwsLbListener(stack, ids.listener, {
    // A load-balanced environment has one load balancer (LoadBalancerType application).
    loadBalancerArn: Fn.element(environment.loadBalancers, 0),
    port: 80,
  });
  return new LbListenerRule(stack, ids.rule, {
    listenerArn: listener.arn,
    priority: HTTPS_REDIRECT.priority,
    action: [{ type: "redirect", redirect: { ...HTTPS_REDIRECT.redirect } }],
    condition: [{ pathPattern: { values: [HTTPS_REDIRECT.pathPattern] } }],
  });
}
