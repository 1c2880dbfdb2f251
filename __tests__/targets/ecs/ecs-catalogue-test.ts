/** The ECS target's catalogue keys, loaded: defaults, per-process settings, clusters. */
import { readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../../../config/load-catalogue";
import type { EcsEnvironment } from "../../../targets/ecs/types";
import { catalogueJsonSchema } from "../../../config/json-schema";
import { CATALOGUE_SCHEMA } from "../../../config/schema";

type Json = Record<string, unknown>;

const PRODUCTION = `  production:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
    https: { certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b }
`;
const STAGING = `  staging:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
      loadBalancerScheme: internal
      assignPublicIp: true
    deletionProtection: false
    idleTimeoutSeconds: 120
`;
const CLUSTERS = `clusters:\n${PRODUCTION}${STAGING}`;

const catalogue = (services: string) =>
  loadCatalogue(
    `version: 1
organisation: acme
region: eu-west-1
${CLUSTERS}services:
${services}`,
    "services.yaml",
  );

const ISSUE_EXAMPLE = `  rails-app:
    source: { codecommit: { repository: rails-app } }
    port: 8080
    processes:
      web: {}
      sidekiq: { command: [bundle, exec, sidekiq, -C, config/sidekiq.yml], stopTimeoutSeconds: 120 }
    environments:
      production:
        kind: ecs
        approval: true
        http: { hosts: [Rails.Acme.io, rails.acme.io], paths: ["/*"], healthCheckPath: /health }
        cpu: 512
        memory: 1024
        count: { min: 2, max: 6, cpuTarget: 70, requestsPerTarget: 500 }
        processes: { sidekiq: { count: 1, cpu: 1024, memory: 2048 } }
        exec: false
        variables: { RAILS_ENV: production }
        secrets: { DATABASE_URL: secretsmanager:rails/db:url }
`;

test("the issue's example loads: processes sorted by name, each with its resolved settings", () => {
  const [service] = catalogue(ISSUE_EXAMPLE).services;
  expect(service.processes).toEqual([
    {
      name: "sidekiq",
      http: false,
      command: ["bundle", "exec", "sidekiq", "-C", "config/sidekiq.yml"],
      stopTimeoutSeconds: 120,
    },
    { name: "web", http: true },
  ]);
  const expected: EcsEnvironment = {
    name: "production",
    kind: "ecs",
    approval: true,
    cluster: "production",
    http: {
      hosts: ["rails.acme.io"],
      paths: ["/*"],
      healthCheckPath: "/health",
      deregistrationDelaySeconds: 30,
      healthCheckGracePeriodSeconds: 60,
    },
    processes: {
      sidekiq: { cpu: 1024, memory: 2048, count: { min: 1, max: 1 } },
      web: {
        cpu: 512,
        memory: 1024,
        count: { min: 2, max: 6, cpuTarget: 70, requestsPerTarget: 500 },
      },
    },
    exec: false,
    deployment: { minHealthyPercent: 100, maxPercent: 200 },
    variables: { RAILS_ENV: "production" },
    secrets: {
      DATABASE_URL: {
        store: "secretsmanager",
        secretId: "rails/db",
        jsonKey: "url",
      },
    },
    // http.healthCheckPath is written and the cluster is public: a smoke test (config/gates.ts).
    smokeTest: {
      path: "/health",
      attempts: 10,
      intervalSeconds: 15,
      timeoutSeconds: 10,
    },
  };
  expect(service.environments).toEqual([expected]);
});

test("defaults: one web process, 256/512, one task, the cluster named like the environment", () => {
  const [service] = catalogue(`  api:
    source: { codecommit: { repository: api } }
    environments:
      staging:
        kind: ecs
        http: {}
`).services;
  expect(service.processes).toEqual([{ name: "web", http: true }]);
  expect(service.environments).toEqual([
    {
      name: "staging",
      kind: "ecs",
      approval: false,
      cluster: "staging",
      http: {
        hosts: [],
        paths: ["/*"],
        healthCheckPath: "/",
        deregistrationDelaySeconds: 30,
        healthCheckGracePeriodSeconds: 60,
      },
      processes: { web: { cpu: 256, memory: 512, count: { min: 1, max: 1 } } },
      exec: false,
      deployment: { minHealthyPercent: 100, maxPercent: 200 },
      variables: {},
      secrets: {},
    },
  ]);
});

test("a scaling count: cpuTarget by default; requests per target only for the web process", () => {
  const [service] = catalogue(`  worker:
    source: { codecommit: { repository: worker } }
    processes: { jobs: { command: [run-jobs] }, web: {} }
    environments:
      staging:
        kind: ecs
        cluster: production
        http: { paths: ["/api/*", "/api"] }
        count: { min: 1, max: 4, requestsPerTarget: 100 }
        processes: { web: { count: { min: 3, max: 3 } } }
`).services;
  const [env] = service.environments as EcsEnvironment[];
  expect(env.cluster).toBe("production");
  expect(env.http?.paths).toEqual(["/api/*", "/api"]);
  expect(env.processes).toEqual({
    jobs: { cpu: 256, memory: 512, count: { min: 1, max: 4, cpuTarget: 70 } },
    web: { cpu: 256, memory: 512, count: { min: 3, max: 3 } },
  });
});

test("a service may mix Beanstalk and ECS environments, each loaded by its target", () => {
  const [service] = catalogue(`  api:
    source: { codecommit: { repository: api } }
    environments:
      staging: { minInstances: 2 }
      production: { kind: ecs, http: { hosts: [api.acme.io] } }
`).services;
  expect(service.environments.map((e) => [e.name, e.kind])).toEqual([
    ["staging", "beanstalk"],
    ["production", "ecs"],
  ]);
});

test("clusters: sorted by name, defaults applied", () => {
  const { clusters } = catalogue(`  api:
    source: { codecommit: { repository: api } }
`);
  expect(clusters).toEqual([
    {
      name: "production",
      network: {
        vpcId: "vpc-0a1b2c3d4e5f67890",
        taskSubnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        loadBalancerSubnets: [
          "subnet-0a1b2c3d4e5f60101",
          "subnet-0a1b2c3d4e5f60102",
        ],
        loadBalancerScheme: "public",
        assignPublicIp: false,
      },
      https: {
        certificateArn:
          "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      },
      deletionProtection: true,
      idleTimeoutSeconds: 60,
    },
    {
      name: "staging",
      network: {
        vpcId: "vpc-0a1b2c3d4e5f67890",
        taskSubnets: ["subnet-0a1b2c3d4e5f60001"],
        loadBalancerSubnets: [
          "subnet-0a1b2c3d4e5f60101",
          "subnet-0a1b2c3d4e5f60102",
        ],
        loadBalancerScheme: "internal",
        assignPublicIp: true,
      },
      deletionProtection: false,
      idleTimeoutSeconds: 120,
    },
  ]);
  // A catalogue without the section has none.
  expect(
    loadCatalogue(
      "version: 1\norganisation: acme\nregion: eu-west-1\n",
      "services.yaml",
    ).clusters,
  ).toEqual([]);
});

test("count is a number or a map, told apart by how it is written", () => {
  const problems = (count: string) => {
    try {
      catalogue(`  api:
    source: { codecommit: { repository: api } }
    environments:
      production: { kind: ecs, http: {}, count: ${count} }
`);
    } catch (error) {
      if (error instanceof CatalogueError) return error.problems;
      throw error;
    }
    return [];
  };
  expect(problems("[2]")).toEqual([
    "services.yaml:24:49 services.api.environments.production.count: must be a whole number or a map, got a list",
  ]);
  expect(problems("two")).toEqual([
    'services.yaml:24:49 services.api.environments.production.count: must be a whole number, got "two"',
  ]);
  expect(problems("{ min: 1 }")).toEqual([
    'services.yaml:24:49 services.api.environments.production.count: missing required key "max"',
  ]);
  expect(problems("3")).toEqual([]);
});

test("reorder invariance: services, environments' keys, clusters and processes in any order load the same", () => {
  const forward = `version: 1
organisation: acme
region: eu-west-1
${CLUSTERS}services:
${ISSUE_EXAMPLE}  api:
    source: { codecommit: { repository: api } }
    environments:
      production: { kind: ecs, http: { paths: ["/api/*", "/api"] } }
`;
  const reversed = `version: 1
organisation: acme
region: eu-west-1
services:
  api:
    source: { codecommit: { repository: api } }
    environments:
      production: { http: { paths: ["/api/*", "/api"] }, kind: ecs }
${ISSUE_EXAMPLE.replace(
  "      web: {}\n      sidekiq: { command: [bundle, exec, sidekiq, -C, config/sidekiq.yml], stopTimeoutSeconds: 120 }",
  "      sidekiq: { stopTimeoutSeconds: 120, command: [bundle, exec, sidekiq, -C, config/sidekiq.yml] }\n      web: {}",
)}clusters:
${STAGING}${PRODUCTION}`;
  expect(reversed).not.toBe(forward);
  expect(loadCatalogue(reversed, "services.yaml")).toEqual(
    loadCatalogue(forward, "services.yaml"),
  );
});

test("a cluster's network is complete: its VPC, task subnets and load balancer subnets", () => {
  expect(() =>
    loadCatalogue(
      `version: 1
organisation: acme
region: eu-west-1
clusters:
  production:
    network: { vpcId: vpc-0a1b2c3d4e5f67890 }
  staging: {}
`,
      "services.yaml",
    ),
  ).toThrow(
    [
      'services.yaml:6:14 clusters.production.network: missing required key "taskSubnets"',
      'services.yaml:6:14 clusters.production.network: missing required key "loadBalancerSubnets"',
      'services.yaml:7:12 clusters.staging: missing required key "network"',
    ].join("\n"),
  );
});

test("http from defaults.environment applies to services with a web process only", () => {
  const text = readFileSync(
    path.join(__dirname, "../../fixtures/rules-pass/http-process.yaml"),
    "utf8",
  );
  const [api, jobs] = loadCatalogue(text, "http-process.yaml").services;
  expect((api.environments[0] as EcsEnvironment).http).toMatchObject({
    hosts: ["api.acme.io"],
    healthCheckPath: "/health",
  });
  expect(jobs.environments[0]).not.toHaveProperty("http");
});

test("kind may come from defaults.environment; the keys of the other kind are refused where written", () => {
  const text = `version: 1
organisation: acme
region: eu-west-1
${CLUSTERS}defaults:
  environment: { kind: ecs }
services:
  api:
    source: { codecommit: { repository: api } }
    environments:
      production: { http: {}, minInstances: 2 }
      staging: { kind: beanstalk, minInstances: 2 }
`;
  expect(() => loadCatalogue(text, "services.yaml")).toThrow(
    "services.yaml:26:45 services.api.environments.production.minInstances: is a key of kind: beanstalk environments, and this one is kind: ecs; give kind: beanstalk, or remove minInstances",
  );
  const fixed = loadCatalogue(
    text.replace(", minInstances: 2 }\n      staging", " }\n      staging"),
    "services.yaml",
  );
  expect(fixed.services[0].environments.map((e) => e.kind)).toEqual([
    "ecs",
    "beanstalk",
  ]);
});

test("a process's stop timeout is 2 to 120 seconds (Fargate's range)", () => {
  expect(() =>
    catalogue(`  rails:
    source: { codecommit: { repository: rails } }
    processes: { web: {}, sidekiq: { command: [sidekiq], stopTimeoutSeconds: 300 } }
`),
  ).toThrow(
    "services.yaml:23:78 services.rails.processes.sidekiq.stopTimeoutSeconds: must be between 2 and 120, got 300",
  );
});

test("the JSON Schema tells editors the keys of another kind, where kind is written", () => {
  const json = catalogueJsonSchema(CATALOGUE_SCHEMA) as Json;
  const at = (...keys: string[]) =>
    keys.reduce<Json>((node, key) => node[key] as Json, json);
  const environment = at(
    "properties",
    "services",
    "additionalProperties",
    "properties",
    "environments",
    "additionalProperties",
  );
  const ecs = (environment.allOf as Json[]).find(
    (branch) =>
      JSON.stringify(branch.if) ===
      JSON.stringify({
        properties: { kind: { const: "ecs" } },
        required: ["kind"],
      }),
  );
  expect(ecs?.then).toMatchObject({
    properties: { instanceTypes: false, network: false, https: false },
  });
  expect(Object.keys((ecs?.then as Json).properties as Json)).not.toContain(
    "variables",
  );
  // defaults.environment takes the keys of every kind.
  expect(
    at("properties", "defaults", "properties", "environment"),
  ).not.toHaveProperty("allOf");
});

test("smoke tests: on with a written http.healthCheckPath on a public cluster; off when internal or without http", () => {
  const service = (name: string, cluster: string, http: string) => `  ${name}:
    source: { codecommit: { repository: ${name} } }
${http === "" ? "    processes: { worker: {} }\n" : ""}    environments:
      ${cluster}:
        kind: ecs
${http}`;
  const services = catalogue(
    service(
      "public-api",
      "production",
      "        http: { healthCheckPath: /ready }\n",
    ) +
      service(
        "quiet-api",
        "production",
        "        http: { hosts: [quiet.acme.io] }\n",
      ) +
      service(
        "inner-api",
        "staging",
        "        http: { healthCheckPath: /ready }\n",
      ) +
      service("worker", "production", ""),
  ).services;
  const smoke = Object.fromEntries(
    services.map((s) => [s.name, s.environments[0].smokeTest]),
  );
  expect(smoke).toEqual({
    "inner-api": undefined,
    "public-api": {
      path: "/ready",
      attempts: 10,
      intervalSeconds: 15,
      timeoutSeconds: 10,
    },
    "quiet-api": undefined,
    worker: undefined,
  });
});

test("smoke tests: enabled: true is refused on an internal cluster and on an environment without http", () => {
  let problems: readonly string[] = [];
  try {
    catalogue(`  inner-api:
    source: { codecommit: { repository: inner-api } }
    environments:
      staging:
        kind: ecs
        http: { healthCheckPath: /ready }
        smokeTest: { enabled: true }
  worker:
    source: { codecommit: { repository: worker } }
    processes: { worker: {} }
    environments:
      production:
        kind: ecs
        smokeTest: { enabled: true }
`);
  } catch (e) {
    if (!(e instanceof CatalogueError)) throw e;
    problems = e.problems;
  }
  expect(problems).toEqual([
    "services.yaml:27:31 services.inner-api.environments.staging.smokeTest.enabled: a smoke test runs in CodeBuild outside the VPC and cannot reach an internal load balancer; set enabled: false (or make the load balancer public)",
    "services.yaml:34:31 services.worker.environments.production.smokeTest.enabled: this environment serves no HTTP (no web process with http): there is nothing for a smoke test to request; leave smokeTest out",
  ]);
});
