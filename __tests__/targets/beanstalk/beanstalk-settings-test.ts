/** Beanstalk option settings as a pure function of an environment. */
import { beanstalkEnvironments } from "../../../targets/beanstalk/types";
import { beanstalkSettings } from "../../../targets/beanstalk/settings";
import { load, MINIMAL } from "../../support/synth";

const [plain] = beanstalkEnvironments(load(MINIMAL).services[0].environments);

const BASE = {
  serviceRole: "acme-beanstalk-service",
  instanceProfile: "acme-api-instance",
  secretArns: {},
};

describe("beanstalk settings", () => {
  test("defaults: ALB, enhanced health, managed updates, IMDSv2 only, logs streamed for a year", () => {
    expect(beanstalkSettings({ ...BASE, environment: plain })).toEqual([
      { namespace: "aws:autoscaling:asg", name: "MaxSize", value: "2" },
      { namespace: "aws:autoscaling:asg", name: "MinSize", value: "1" },
      {
        namespace: "aws:autoscaling:launchconfiguration",
        name: "DisableIMDSv1",
        value: "true",
      },
      {
        namespace: "aws:autoscaling:launchconfiguration",
        name: "IamInstanceProfile",
        value: "acme-api-instance",
      },
      {
        namespace: "aws:ec2:instances",
        name: "InstanceTypes",
        value: "t3.small",
      },
      { namespace: "aws:ec2:vpc", name: "ELBScheme", value: "public" },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs",
        name: "DeleteOnTerminate",
        value: "false",
      },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs",
        name: "RetentionInDays",
        value: "365",
      },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs",
        name: "StreamLogs",
        value: "true",
      },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs:health",
        name: "DeleteOnTerminate",
        value: "false",
      },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs:health",
        name: "HealthStreamingEnabled",
        value: "true",
      },
      {
        namespace: "aws:elasticbeanstalk:cloudwatch:logs:health",
        name: "RetentionInDays",
        value: "365",
      },
      {
        namespace: "aws:elasticbeanstalk:command",
        name: "DeploymentPolicy",
        value: "Rolling",
      },
      {
        namespace: "aws:elasticbeanstalk:environment",
        name: "EnvironmentType",
        value: "LoadBalanced",
      },
      // the classic ELB is the silent default without this
      {
        namespace: "aws:elasticbeanstalk:environment",
        name: "LoadBalancerType",
        value: "application",
      },
      {
        namespace: "aws:elasticbeanstalk:environment",
        name: "ServiceRole",
        value: "acme-beanstalk-service",
      },
      {
        namespace: "aws:elasticbeanstalk:environment:process:default",
        name: "HealthCheckPath",
        value: "/",
      },
      {
        namespace: "aws:elasticbeanstalk:environment:process:default",
        name: "StickinessEnabled",
        value: "false",
      },
      {
        namespace: "aws:elasticbeanstalk:healthreporting:system",
        name: "SystemType",
        value: "enhanced",
      },
      {
        namespace: "aws:elasticbeanstalk:managedactions",
        name: "ManagedActionsEnabled",
        value: "true",
      },
      {
        namespace: "aws:elasticbeanstalk:managedactions",
        name: "PreferredStartTime",
        value: "Sun:03:00",
      },
      {
        namespace: "aws:elasticbeanstalk:managedactions",
        name: "ServiceRoleForManagedUpdates",
        value: "acme-beanstalk-service",
      },
      {
        namespace: "aws:elasticbeanstalk:managedactions:platformupdate",
        name: "UpdateLevel",
        value: "minor",
      },
    ]);
  });

  test("everything the catalogue sets, as strings, sorted by namespace then name", () => {
    const [env] = beanstalkEnvironments(
      load(`version: 1
organisation: acme
region: eu-west-1
services:
  api:
    source: { codecommit: { repository: api } }
    environments:
      prod:
        instanceTypes: [t3.medium, t3a.medium]
        minInstances: 2
        maxInstances: 8
        deploymentPolicy: Immutable
        healthCheckPath: /healthz
        stickiness: true
        maintenanceWindow: "Tue:04:30"
        updateLevel: patch
        https: { certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b }
        variables: { Z_LAST: "1", A_FIRST: two }
        secrets: { DB: secretsmanager:api/db }
        network:
          vpcId: vpc-0a1b2c3d4e5f67890
          instanceSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
          loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
          loadBalancerScheme: internal
`).services[0].environments,
    );
    const settings = beanstalkSettings({
      ...BASE,
      environment: env,
      secretArns: {
        DB: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/db-AbCdEf",
      },
    });
    const pick = (namespace: string) =>
      settings
        .filter((s) => s.namespace === namespace)
        .map((s) => [s.name, s.value]);
    expect(pick("aws:ec2:instances")).toEqual([
      ["InstanceTypes", "t3.medium,t3a.medium"],
    ]);
    expect(pick("aws:autoscaling:asg")).toEqual([
      ["MaxSize", "8"],
      ["MinSize", "2"],
    ]);
    expect(pick("aws:elasticbeanstalk:command")).toEqual([
      ["DeploymentPolicy", "Immutable"],
    ]);
    expect(pick("aws:elasticbeanstalk:environment:process:default")).toEqual([
      ["HealthCheckPath", "/healthz"],
      ["StickinessEnabled", "true"],
    ]);
    expect(pick("aws:elasticbeanstalk:managedactions")).toContainEqual([
      "PreferredStartTime",
      "Tue:04:30",
    ]);
    expect(pick("aws:elasticbeanstalk:managedactions:platformupdate")).toEqual([
      ["UpdateLevel", "patch"],
    ]);
    expect(pick("aws:elbv2:listener:443")).toEqual([
      ["ListenerEnabled", "true"],
      ["Protocol", "HTTPS"],
      [
        "SSLCertificateArns",
        "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      ],
      ["SSLPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
    ]);
    expect(pick("aws:ec2:vpc")).toEqual([
      ["ELBScheme", "internal"],
      ["ELBSubnets", "subnet-0a1b2c3d4e5f60101,subnet-0a1b2c3d4e5f60102"],
      ["Subnets", "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002"],
      ["VPCId", "vpc-0a1b2c3d4e5f67890"],
    ]);
    expect(pick("aws:elasticbeanstalk:application:environment")).toEqual([
      ["A_FIRST", "two"],
      ["Z_LAST", "1"],
    ]);
    expect(pick("aws:elasticbeanstalk:application:environmentsecrets")).toEqual(
      [
        [
          "DB",
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/db-AbCdEf",
        ],
      ],
    );
    const keys = settings.map((s) => `${s.namespace} ${s.name}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of settings) expect(typeof s.value).toBe("string");
  });

  test("every namespace and option is one Beanstalk documents", () => {
    // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html
    const documented = new Set([
      "aws:autoscaling:asg MaxSize",
      "aws:autoscaling:asg MinSize",
      "aws:autoscaling:launchconfiguration DisableIMDSv1",
      "aws:autoscaling:launchconfiguration IamInstanceProfile",
      "aws:ec2:instances InstanceTypes",
      "aws:ec2:vpc ELBScheme",
      "aws:ec2:vpc ELBSubnets",
      "aws:ec2:vpc Subnets",
      "aws:ec2:vpc VPCId",
      "aws:elasticbeanstalk:cloudwatch:logs DeleteOnTerminate",
      "aws:elasticbeanstalk:cloudwatch:logs RetentionInDays",
      "aws:elasticbeanstalk:cloudwatch:logs StreamLogs",
      "aws:elasticbeanstalk:cloudwatch:logs:health DeleteOnTerminate",
      "aws:elasticbeanstalk:cloudwatch:logs:health HealthStreamingEnabled",
      "aws:elasticbeanstalk:cloudwatch:logs:health RetentionInDays",
      "aws:elasticbeanstalk:command DeploymentPolicy",
      "aws:elasticbeanstalk:environment EnvironmentType",
      "aws:elasticbeanstalk:environment LoadBalancerType",
      "aws:elasticbeanstalk:environment ServiceRole",
      "aws:elasticbeanstalk:environment:process:default HealthCheckPath",
      "aws:elasticbeanstalk:environment:process:default StickinessEnabled",
      "aws:elasticbeanstalk:healthreporting:system SystemType",
      "aws:elasticbeanstalk:managedactions ManagedActionsEnabled",
      "aws:elasticbeanstalk:managedactions PreferredStartTime",
      "aws:elasticbeanstalk:managedactions ServiceRoleForManagedUpdates",
      "aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel",
      "aws:elbv2:listener:443 ListenerEnabled",
      "aws:elbv2:listener:443 Protocol",
      "aws:elbv2:listener:443 SSLCertificateArns",
      "aws:elbv2:listener:443 SSLPolicy",
    ]);
    // in these two the option name is the variable's name
    const userNamed = [
      "aws:elasticbeanstalk:application:environment",
      "aws:elasticbeanstalk:application:environmentsecrets",
    ];
    const env = {
      ...plain,
      https: {
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/x",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" as const,
        redirect: true,
      },
      network: {
        vpcId: "vpc-1",
        instanceSubnets: ["subnet-1"],
        loadBalancerSubnets: ["subnet-2", "subnet-3"],
        loadBalancerScheme: "internal" as const,
      },
      variables: { A: "1" },
    };
    const used = beanstalkSettings({
      ...BASE,
      environment: env,
      secretArns: { B: "arn" },
    });
    const pairs = used
      .filter((s) => !userNamed.includes(s.namespace))
      .map((s) => `${s.namespace} ${s.name}`);
    for (const pair of pairs) expect(documented).toContain(pair);
    // and every documented pair is used by an environment with everything set
    expect(new Set(pairs)).toEqual(documented);
  });
});
