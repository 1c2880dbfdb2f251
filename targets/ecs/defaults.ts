/**
 * The defaults of the ECS target's keys, in one table: its schema (./schema.ts) shows them and
 * its loader (./load.ts) applies them.
 */
export const ECS_DEFAULTS = {
  /** The smallest Fargate size (docs/research/ecs-on-fargate.md §1). */
  cpu: 256,
  memory: 512,
  count: 1,
  /** Target tracking on average CPU when a count scales (percent). */
  cpuTarget: 70,
  exec: false,
  deployment: {
    // ECS's own defaults for a rolling update.
    minHealthyPercent: 100,
    maxPercent: 200,
  },
  http: {
    paths: ["/*"],
    healthCheckPath: "/",
    // AWS's default is 300 s: a deploy would wait five minutes per task for nothing.
    deregistrationDelaySeconds: 30,
    healthCheckGracePeriodSeconds: 60,
  },
  cluster: {
    loadBalancerScheme: "public",
    assignPublicIp: false,
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
    // (TLS 1.3 and 1.2; the API's default would be ELBSecurityPolicy-2016-08)
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    deletionProtection: true,
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout
    idleTimeoutSeconds: 60,
  },
} as const;
