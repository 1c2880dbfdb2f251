/**
 * The defaults of a Beanstalk environment's keys, in one table: its schema (./schema.ts) shows
 * them and its loader (./load.ts) applies them.
 */
export const BEANSTALK_DEFAULTS = {
  instanceTypes: ["t3.small"],
  minInstances: 1,
  maxInstances: 2,
  deploymentPolicy: "Rolling",
  healthCheckPath: "/",
  stickiness: false,
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  // With https: port 80 redirects to 443.
  httpsRedirect: true,
  // Managed platform updates: weekly window (UTC), minor and patch updates.
  maintenanceWindow: "Sun:03:00",
  updateLevel: "minor",
  network: {
    loadBalancerScheme: "public",
  },
} as const;
