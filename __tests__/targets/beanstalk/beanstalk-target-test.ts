/**
 * The Beanstalk deploy target on plain objects, and what its registry entry drives.
 */
import { loadCatalogue } from "../../../config/load-catalogue";
import { namedResources } from "../../../plan/named-resources";
import { NAME_RULES, Names } from "../../../plan/names";
import { BeanstalkNames } from "../../../targets/beanstalk/names";
import { beanstalkTarget } from "../../../targets/beanstalk";
import type { BeanstalkDeploy } from "../../../targets/beanstalk/deploy";
import {
  DEFAULT_DEPLOY_TARGET,
  DEPLOY_TARGETS,
} from "../../../targets/registry";
import { synthTexts } from "../../support/synth";

const CATALOGUE = (kind: string) => `version: 1
organisation: acme
region: eu-west-1
services:
  orders:
    source: { codecommit: { repository: orders } }
    environments:
      prod:${kind}
        approval: true
`;

const load = (text: string) => loadCatalogue(text, "services.yaml");

test("beanstalk is the default target: `kind: beanstalk` changes nothing", () => {
  expect(DEFAULT_DEPLOY_TARGET).toBe("beanstalk");
  expect(DEPLOY_TARGETS.map((t) => t.kind)).toEqual(["beanstalk", "ecs"]);
  const implicit = load(CATALOGUE(""));
  const explicit = load(CATALOGUE("\n        kind: beanstalk"));
  expect(implicit.services[0].environments[0].kind).toBe("beanstalk");
  expect(explicit).toEqual(implicit);
  expect(synthTexts(explicit)).toEqual(synthTexts(implicit));
});

test("an unknown kind is refused at its line", () => {
  expect(() => load(CATALOGUE("\n        kind: lambda"))).toThrow(
    /^services\.yaml:9:15 services\.orders\.environments\.prod\.kind: /,
  );
});

test("a name the target adds is checked by the plan's checks, at the environment's line", () => {
  const spy = jest
    .spyOn(beanstalkTarget, "environmentResources")
    .mockImplementation((names, service, env, path, rank) => [
      {
        rule: NAME_RULES.logGroup,
        name: `/aws/fake/${new BeanstalkNames(names).environment(service, env)}/${"x".repeat(500)}`,
        path,
        rank,
      },
    ]);
  try {
    expect(() => load(CATALOGUE(""))).toThrow(
      /^services\.yaml:8:7 services\.orders\.environments\.prod: derived CloudWatch log group name "\/aws\/fake\/acme-orders-prod\/x+" is 527 characters; AWS allows 1 to 512$/,
    );
  } finally {
    spy.mockRestore();
  }
});

test("its environment names: the environment, its instance role and profile", () => {
  const resources = beanstalkTarget.environmentResources(
    new Names("acme"),
    "orders",
    "prod",
    ["services", "orders", "environments", "prod"],
    2,
    { processes: ["web"], port: 8080 },
  );
  expect(resources.map((r) => [r.rule?.what, r.name])).toEqual([
    ["Beanstalk environment name", "acme-orders-prod"],
    ["IAM role name", "acme-orders-prod-instance"],
    ["IAM instance profile name", "acme-orders-prod-instance"],
  ]);
});

test("its deploy action and the pipeline role's grants", () => {
  const deploy: BeanstalkDeploy = {
    kind: "beanstalk",
    applicationName: "acme-orders",
    environments: [
      {
        key: "prod",
        environmentName: "acme-orders-prod",
        environmentId: "e-0000000000",
        approval: false,
        deploymentPolicy: "Rolling",
      },
    ],
    instanceRoleArns: [
      "arn:aws:iam::111122223333:role/acme-orders-prod-instance",
    ],
    serviceRoleArn: "arn:aws:iam::111122223333:role/acme-beanstalk-service",
  };
  expect(beanstalkTarget.deployActions(deploy, deploy.environments[0])).toEqual(
    [
      {
        name: "Deploy",
        provider: "ElasticBeanstalk",
        configuration: {
          ApplicationName: "acme-orders",
          EnvironmentName: "acme-orders-prod",
        },
      },
    ],
  );
  const statements = beanstalkTarget.pipelineStatements(
    { partition: "aws", region: "eu-west-1", accountId: "111122223333" },
    deploy,
  );
  expect(statements[0]).toMatchObject({
    sid: "DeployOwnEnvironments",
    resources: [
      "arn:aws:elasticbeanstalk:eu-west-1:111122223333:application/acme-orders",
      "arn:aws:elasticbeanstalk:eu-west-1:111122223333:applicationversion/acme-orders/*",
      "arn:aws:elasticbeanstalk:eu-west-1:111122223333:environment/acme-orders/acme-orders-prod",
    ],
  });
  // A Rolling deploy launches nothing: no RunInstances.
  expect(statements.flatMap((s) => s.actions)).not.toContain(
    "ec2:RunInstances",
  );
});

test("https.sslPolicy: any of AWS's Application Load Balancer policies, TLS 1.2 ones too (an unknown one: beanstalk-ssl-policy.yaml)", () => {
  for (const policy of [
    "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  ]) {
    const environment = load(
      CATALOGUE(
        `\n        https: { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b", sslPolicy: ${policy} }`,
      ),
    ).services[0].environments[0];
    expect(environment.kind === "beanstalk" && environment.https).toEqual({
      certificateArn:
        "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      sslPolicy: policy,
      redirect: true,
    });
  }
});

describe("the Beanstalk service role is in the shared stack only while a service has a Beanstalk environment", () => {
  const ECS_ONLY = `version: 1
organisation: acme
region: eu-west-1
clusters:
  production:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
    https:
      certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b
services:
  mailer:
    source: { codecommit: { repository: mailer, branch: main } }
    processes:
      worker: { command: [bin/mailer] }
    environments:
      production: { kind: ecs, cpu: 256, memory: 1024, count: 1 }
`;
  const RETIRED_BEANSTALK = `${ECS_ONLY}  orders:
    retired: true
    source: { codecommit: { repository: orders, branch: main } }
    environments:
      prod: {}
`;
  const roleName = new BeanstalkNames(new Names("acme")).serviceRole;
  const sharedRoles = (text: string) => {
    const shared = JSON.parse(synthTexts(load(text))["acme-shared"]);
    return [
      Object.keys(shared.resource.aws_iam_role ?? {}).filter((id) =>
        id.startsWith("beanstalk-"),
      ),
      Object.keys(shared.resource.aws_iam_role_policy_attachment ?? {}).filter(
        (id) => id.startsWith("beanstalk-"),
      ),
    ];
  };
  const checkedNames = (text: string) =>
    namedResources(load(text)).map((r) => r.name);

  test("none with ECS environments only: no idle role AWS Beanstalk could assume, and no name to check", () => {
    expect(sharedRoles(ECS_ONLY)).toEqual([[], []]);
    expect(checkedNames(ECS_ONLY)).not.toContain(roleName);
  });

  test("kept while a retired service's Beanstalk environments are being destroyed", () => {
    expect(sharedRoles(RETIRED_BEANSTALK)).toEqual([
      ["beanstalk-service-role"],
      [
        "beanstalk-service-AWSElasticBeanstalkEnhancedHealth",
        "beanstalk-service-AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy",
      ],
    ]);
    expect(checkedNames(RETIRED_BEANSTALK)).toContain(roleName);
  });

  test("goes in the edit that switches the last live Beanstalk environment to ECS: the shared apply deletes it first, which terminating the environment does not need", () => {
    const live = RETIRED_BEANSTALK.replace("    retired: true\n", "");
    expect(sharedRoles(live)[0]).toEqual(["beanstalk-service-role"]);
    const switched = live.replace(
      "      prod: {}\n",
      "      production: { kind: ecs, http: {}, cpu: 256, memory: 512, count: 1 }\n",
    );
    expect(sharedRoles(switched)).toEqual([[], []]);
    expect(checkedNames(switched)).not.toContain(roleName);
  });

  test("an environment without kind is a Beanstalk one", () => {
    expect(sharedRoles(CATALOGUE(""))[0]).toEqual(["beanstalk-service-role"]);
  });
});
