/** The catalogue loader on valid input: defaults, merging, normalization. */
import { beanstalkEnvironments } from "../targets/beanstalk/types";
import { readFileSync } from "fs";
import { EXAMPLE, load, MINIMAL } from "./support/synth";

describe("loading a valid catalogue", () => {
  test("the bundled example loads", () => {
    // GIVEN the catalogue shipped in config/
    const catalogue = load(readFileSync(EXAMPLE, "utf8"));
    // THEN services are in name order, whatever order they were written in
    expect(catalogue.services.map((s) => s.name)).toEqual([
      "billing-api",
      "ledger",
      "rails-app",
      "reports-worker",
      "storefront",
    ]);
    expect(catalogue.baseImages.map((s) => s.name)).toEqual([
      "ci-tools",
      "ruby-base",
    ]);
    expect(catalogue.dockerBuilder).toEqual({
      computeType: "BUILD_GENERAL1_MEDIUM",
      timeoutMinutes: 60,
    });
  });

  test("every default of the contract is applied", () => {
    const [service] = load(MINIMAL).services;
    expect(service).toEqual({
      name: "api",
      source: {
        kind: "connection",
        connection: "github",
        repository: "acme/api",
        branch: "main",
      },
      build: {
        computeType: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        privileged: true,
        timeoutMinutes: 60,
        variables: {},
        secrets: {},
        cache: "none",
      },
      image: {
        scanOnPush: true,
        tagMutability: "IMMUTABLE",
        keepTagged: 30,
        expireUntaggedDays: 7,
        encryption: "KMS",
        pullers: [],
        pushers: [],
      },
      port: 8080,
      processes: [{ name: "web", http: true }],
      retired: false,
      environments: [
        {
          name: "prod",
          kind: "beanstalk",
          approval: false,
          instanceTypes: ["t3.small"],
          minInstances: 1,
          maxInstances: 2,
          deploymentPolicy: "Rolling",
          healthCheckPath: "/",
          stickiness: false,
          maintenanceWindow: "Sun:03:00",
          updateLevel: "minor",
          variables: {},
          secrets: {},
          network: { loadBalancerScheme: "public" },
        },
      ],
    });
  });

  test("defaults deep-merge under services: maps key by key, lists replaced, the service wins", () => {
    const catalogue = load(`version: 1
organisation: acme
region: eu-west-1
network: { vpcId: vpc-0a1b2c3d, instanceSubnets: [subnet-0a1b2c3d], loadBalancerScheme: internal }
defaults:
  build: { computeType: BUILD_GENERAL1_LARGE, variables: { A: "1", B: "2" } }
  image: { keepTagged: 5 }
  environment: { instanceTypes: [t3.large, t3.xlarge], variables: { LOG: info }, network: { loadBalancerScheme: public } }
services:
  api:
    source: { codecommit: { repository: api } }
    build: { variables: { B: three, C: 4.10 } }
    environments:
      prod:
        instanceTypes: [m6i.large]
        variables: { EXTRA: "yes" }
        network: { instanceSubnets: [subnet-0f0f0f0f] }
`);
    const [api] = catalogue.services;
    expect(api.build.computeType).toBe("BUILD_GENERAL1_LARGE");
    // numbers are kept as written
    expect(api.build.variables).toEqual({ A: "1", B: "three", C: "4.10" });
    expect(api.image.keepTagged).toBe(5);
    expect(beanstalkEnvironments(api.environments)[0].instanceTypes).toEqual([
      "m6i.large",
    ]);
    expect(beanstalkEnvironments(api.environments)[0].variables).toEqual({
      LOG: "info",
      EXTRA: "yes",
    });
    // top-level network < defaults.environment.network < the environment's own
    expect(beanstalkEnvironments(api.environments)[0].network).toEqual({
      vpcId: "vpc-0a1b2c3d",
      instanceSubnets: ["subnet-0f0f0f0f"],
      loadBalancerScheme: "public",
    });
  });

  test("environments keep catalogue order: the pipeline deploys in it", () => {
    const catalogue = load(
      MINIMAL.replace(
        "      prod: {}\n",
        "      qa: {}\n      prod: {}\n      canary: {}\n",
      ),
    );
    expect(catalogue.services[0].environments.map((e) => e.name)).toEqual([
      "qa",
      "prod",
      "canary",
    ]);
  });

  test("secret references are parsed into their parts", () => {
    const catalogue = load(
      MINIMAL.replace(
        "    environments:",
        `    build:
      secrets:
        P: ssm:/api/p
        S: secretsmanager:api/db:password:AWSCURRENT
        F: secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/x-AbCdEf:key
    environments:`,
      ),
    );
    expect(catalogue.services[0].build.secrets).toEqual({
      P: { store: "ssm", name: "/api/p" },
      S: {
        store: "secretsmanager",
        secretId: "api/db",
        jsonKey: "password",
        versionStage: "AWSCURRENT",
      },
      F: {
        store: "secretsmanager",
        secretId:
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api/x-AbCdEf",
        jsonKey: "key",
      },
    });
  });

  test("variables that name where a credential is, or hold a setting, are not credentials", () => {
    // GIVEN names with credential words that are locations, identifiers or settings
    const variables = {
      NPM_TOKEN_URL: "https://registry.npmjs.org/-/npm/v1/tokens",
      SECRET_ARN:
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:api-AbCdEf",
      API_KEY_HEADER: "X-Api-Key",
      PASSWORD_MIN_LENGTH: "12",
      MAX_TOKENS: "4096",
      TOKENIZER_MODEL: "bert-base-uncased",
      FEATURE_TOKENS_ENABLED: "true",
      DB_PASSWORD_FILE: "/run/secrets/db",
      DATABASE_URL: "postgres://app@db.internal:5432/app",
    };
    const catalogue = load(
      MINIMAL.replace(
        "      prod: {}",
        `      prod:\n        variables: ${JSON.stringify(variables)}`,
      ),
    );
    // THEN they load as plain variables
    expect(catalogue.services[0].environments[0].variables).toEqual(variables);
  });

  test("an environment may move to another VPC with its own subnets, or name the same VPC again", () => {
    // GIVEN a top-level network and environments that override it
    const catalogue = load(
      MINIMAL.replace(
        "connections:",
        `network:
  vpcId: vpc-0a1b2c3d4e5f67890
  instanceSubnets: [subnet-0a1b2c3d4e5f60001]
  loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
connections:`,
      ).replace(
        "      prod: {}",
        `      prod:
        network:
          vpcId: vpc-0f0e0d0c0b0a09080
          instanceSubnets: [subnet-0f0e0d0c0b0a00001]
          loadBalancerSubnets: [subnet-0f0e0d0c0b0a00101, subnet-0f0e0d0c0b0a00102]
      dev:
        network: { vpcId: vpc-0a1b2c3d4e5f67890, loadBalancerScheme: internal }`,
      ),
    );
    // THEN each environment runs in one VPC with that VPC's subnets
    const [prod, dev] = beanstalkEnvironments(
      catalogue.services[0].environments,
    );
    expect(prod.network).toEqual({
      vpcId: "vpc-0f0e0d0c0b0a09080",
      instanceSubnets: ["subnet-0f0e0d0c0b0a00001"],
      loadBalancerSubnets: [
        "subnet-0f0e0d0c0b0a00101",
        "subnet-0f0e0d0c0b0a00102",
      ],
      loadBalancerScheme: "public",
    });
    expect(dev.network).toEqual({
      vpcId: "vpc-0a1b2c3d4e5f67890",
      instanceSubnets: ["subnet-0a1b2c3d4e5f60001"],
      loadBalancerSubnets: [
        "subnet-0a1b2c3d4e5f60101",
        "subnet-0a1b2c3d4e5f60102",
      ],
      loadBalancerScheme: "internal",
    });
  });

  test("a pinned platform new enough for its secrets' form is accepted", () => {
    // GIVEN pinned platforms released after the forms of secret they are given
    const catalogue = load(
      MINIMAL.replace(
        "      prod: {}",
        `      prod:
        platform: 64bit Amazon Linux 2023 v4.9.1 running Docker
        secrets: { DB_PASSWORD: "secretsmanager:api/db:password" }
      staging:
        platform: 64bit Amazon Linux 2023 v4.5.0 running Docker
        secrets: { DB_URL: ssm:/api/db-url, API_TOKEN: "secretsmanager:api/token" }`,
      ),
    );
    // THEN they load as written
    expect(
      beanstalkEnvironments(catalogue.services[0].environments).map((e) => [
        e.name,
        e.platform,
      ]),
    ).toEqual([
      ["prod", "64bit Amazon Linux 2023 v4.9.1 running Docker"],
      ["staging", "64bit Amazon Linux 2023 v4.5.0 running Docker"],
    ]);
  });

  test("YAML anchors and merge keys work, with x- keys at the top as a place for anchors", () => {
    const catalogue = load(`version: 1
organisation: acme
region: eu-west-1
x-sizes: &large { minInstances: 4, maxInstances: 8 }
services:
  api:
    source: { codecommit: { repository: api } }
    environments:
      staging: &env { minInstances: 2, maxInstances: 4 }
      prod: { <<: *env, approval: true }
      load: { <<: [*large, *env] }
`);
    const [staging, prod, loadEnv] = beanstalkEnvironments(
      catalogue.services[0].environments,
    );
    expect([staging.minInstances, staging.maxInstances]).toEqual([2, 4]);
    expect([prod.minInstances, prod.maxInstances, prod.approval]).toEqual([
      2,
      4,
      true,
    ]);
    // with several merged maps, the first one wins (YAML merge key semantics)
    expect([loadEnv.minInstances, loadEnv.maxInstances]).toEqual([4, 8]);
  });

  test("terraform.cloud takes its defaults", () => {
    const catalogue = load(
      MINIMAL.replace(
        "connections:",
        "terraform:\n  cloud: { organization: acme-corp }\nconnections:",
      ),
    );
    expect(catalogue.cloud).toEqual({
      organization: "acme-corp",
      hostname: "app.terraform.io",
      workspacePrefix: "",
    });
  });
});

describe("YAML indentation", () => {
  test("one space is said as such", () => {
    const text = MINIMAL.replace("services:", " services:");
    expect(() => load(text)).toThrow(
      "services is indented 1 space, but the keys of this map are at 2",
    );
  });
});
