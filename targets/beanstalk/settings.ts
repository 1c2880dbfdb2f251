/**
 * The option settings of a Beanstalk environment, as a pure function of the catalogue. Every
 * namespace and option name is from the Beanstalk option reference:
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
 * Values are strings (Terraform compares them as strings) and sorted by namespace then name, so
 * the output is stable and `terraform plan` shows no perpetual diff.
 */
import type { BeanstalkEnvironment as Environment } from "./types";

export interface Setting {
  readonly namespace: string;
  readonly name: string;
  readonly value: string;
}

export interface SettingsInput {
  readonly environment: Environment;
  /** The Beanstalk service role (name). */
  readonly serviceRole: string;
  /** The instance profile (name). */
  readonly instanceProfile: string;
  /** Environment secrets as ARNs, by variable name. */
  readonly secretArns: Readonly<Record<string, string>>;
}

/** How long Beanstalk keeps streamed instance and health logs (days; an allowed value). */
export const BEANSTALK_LOG_RETENTION_DAYS = 365;

export function beanstalkSettings(input: SettingsInput): Setting[] {
  const env = input.environment;
  const out: Setting[] = [];
  const set = (
    namespace: string,
    name: string,
    value: string | number | boolean,
  ) => out.push({ namespace, name, value: String(value) });

  set("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced");
  // Without this Beanstalk silently creates a classic ELB.
  set("aws:elasticbeanstalk:environment", "LoadBalancerType", "application");
  set("aws:elasticbeanstalk:environment", "ServiceRole", input.serviceRole);

  set(
    "aws:autoscaling:launchconfiguration",
    "IamInstanceProfile",
    input.instanceProfile,
  );
  set("aws:autoscaling:launchconfiguration", "DisableIMDSv1", true);
  set("aws:ec2:instances", "InstanceTypes", env.instanceTypes.join(","));
  set("aws:autoscaling:asg", "MinSize", env.minInstances);
  set("aws:autoscaling:asg", "MaxSize", env.maxInstances);

  set("aws:elasticbeanstalk:command", "DeploymentPolicy", env.deploymentPolicy);
  set("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced");

  set("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", true);
  set(
    "aws:elasticbeanstalk:managedactions",
    "PreferredStartTime",
    env.maintenanceWindow,
  );
  set(
    "aws:elasticbeanstalk:managedactions",
    "ServiceRoleForManagedUpdates",
    input.serviceRole,
  );
  set(
    "aws:elasticbeanstalk:managedactions:platformupdate",
    "UpdateLevel",
    env.updateLevel,
  );

  set(
    "aws:elasticbeanstalk:environment:process:default",
    "HealthCheckPath",
    env.healthCheckPath,
  );
  set(
    "aws:elasticbeanstalk:environment:process:default",
    "StickinessEnabled",
    env.stickiness,
  );

  if (env.https) {
    set("aws:elbv2:listener:443", "ListenerEnabled", true);
    set("aws:elbv2:listener:443", "Protocol", "HTTPS");
    set(
      "aws:elbv2:listener:443",
      "SSLCertificateArns",
      env.https.certificateArn,
    );
    set("aws:elbv2:listener:443", "SSLPolicy", env.https.sslPolicy);
  }

  const network = env.network;
  if (network.vpcId) set("aws:ec2:vpc", "VPCId", network.vpcId);
  if (network.instanceSubnets)
    set("aws:ec2:vpc", "Subnets", network.instanceSubnets.join(","));
  if (network.loadBalancerSubnets)
    set("aws:ec2:vpc", "ELBSubnets", network.loadBalancerSubnets.join(","));
  set("aws:ec2:vpc", "ELBScheme", network.loadBalancerScheme);

  set("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", true);
  set("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate", false);
  set(
    "aws:elasticbeanstalk:cloudwatch:logs",
    "RetentionInDays",
    BEANSTALK_LOG_RETENTION_DAYS,
  );
  set(
    "aws:elasticbeanstalk:cloudwatch:logs:health",
    "HealthStreamingEnabled",
    true,
  );
  set(
    "aws:elasticbeanstalk:cloudwatch:logs:health",
    "DeleteOnTerminate",
    false,
  );
  set(
    "aws:elasticbeanstalk:cloudwatch:logs:health",
    "RetentionInDays",
    BEANSTALK_LOG_RETENTION_DAYS,
  );

  for (const [name, value] of Object.entries(env.variables))
    set("aws:elasticbeanstalk:application:environment", name, value);
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html
  for (const [name, arn] of Object.entries(input.secretArns))
    set("aws:elasticbeanstalk:application:environmentsecrets", name, arn);

  return out.sort(
    (a, b) => compare(a.namespace, b.namespace) || compare(a.name, b.name),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
