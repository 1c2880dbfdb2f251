/**
 * The shared stack applies before the service stacks (help: "<organisation>-shared first"; the
 * Terraform Cloud run triggers go shared -> services), so no edit may take a cluster out of it
 * while a service stack still has ECS services, target groups or security group rules on it:
 * every cluster `clusters` declares is rendered, used or not, and goes only with its entry.
 */
import { namedResources } from "../../../plan/named-resources";
import { ecsTarget } from "../../../targets/ecs";
import { Json, load, synthStacks, synthTexts } from "../../support/synth";

const CLUSTERS = `version: 1
organisation: acme
region: eu-west-1
network:
  vpcId: vpc-0a1b2c3d4e5f67890
  instanceSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
  loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
clusters:
  production:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001, subnet-0a1b2c3d4e5f60002]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
    https:
      certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b
  staging:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
      loadBalancerScheme: internal
`;
const ECS_ENV = `{ kind: ecs, http: { healthCheckPath: /health }, cpu: 256, memory: 512, count: 1 }`;
/**
 * api is the only service on clusters.production; nothing runs on clusters.staging; orders has a
 * Beanstalk environment, so the Beanstalk service role stays put whatever api does.
 */
const catalogue = (api: string, extra = "") => `${CLUSTERS}services:
  api:
    source: { codecommit: { repository: api, branch: main } }
    port: 8080
${api}
  orders:
    source: { codecommit: { repository: orders, branch: main } }
    environments:
      qa: { healthCheckPath: /health }
${extra}`;
const BEFORE = catalogue(`    environments:
      qa: { healthCheckPath: /health }
      production: ${ECS_ENV}`);

const synth = (text: string): Record<string, string> => synthTexts(load(text));
const shared = (text: string): Json => JSON.parse(synth(text)["acme-shared"]);
/** The names of the shared stack's ECS clusters, load balancers and security groups. */
const clusterResources = (stack: Json) => ({
  clusters: Object.values(stack.resource.aws_ecs_cluster ?? {}).map(
    (c) => (c as Json).name,
  ),
  loadBalancers: Object.values(stack.resource.aws_lb ?? {}).map(
    (l) => (l as Json).name,
  ),
  listeners: Object.keys(stack.resource.aws_lb_listener ?? {}),
  securityGroups: Object.values(stack.resource.aws_security_group ?? {}).map(
    (g) => (g as Json).name,
  ),
});

let before: Record<string, string>;
beforeAll(() => {
  before = synth(BEFORE);
});

test("every declared cluster is in the shared stack, the unused one too, and the names checked are those rendered", () => {
  const stack = JSON.parse(before["acme-shared"]);
  const rendered = clusterResources(stack);
  expect(rendered).toEqual({
    clusters: ["acme-production", "acme-staging"],
    loadBalancers: ["acme-production", "acme-staging"],
    listeners: [
      "ecs-cluster-production_http-listener",
      "ecs-cluster-production_https-listener",
      "ecs-cluster-staging_http-listener",
    ],
    securityGroups: ["acme-production-alb", "acme-staging-alb"],
  });
  const checked = namedResources(load(BEFORE)).filter(
    (r) => r.path[0] === "clusters",
  );
  expect(checked.map((r) => r.name).sort()).toEqual(
    [
      ...rendered.clusters,
      ...rendered.loadBalancers,
      ...rendered.securityGroups,
    ].sort(),
  );
});

describe.each([
  [
    "retiring the last service on a cluster",
    catalogue(`    retired: true
    environments:
      qa: { healthCheckPath: /health }
      production: ${ECS_ENV}`),
  ],
  [
    "moving a cluster's last environment to another cluster",
    catalogue(`    environments:
      qa: { healthCheckPath: /health }
      production: { kind: ecs, cluster: staging, http: { healthCheckPath: /health }, cpu: 256, memory: 512, count: 1 }`),
  ],
  [
    "switching a cluster's last environment to Beanstalk",
    catalogue(`    environments:
      qa: { healthCheckPath: /health }
      production: { healthCheckPath: /health }`),
  ],
  [
    "deleting a cluster's last environment",
    catalogue(`    environments:
      qa: { healthCheckPath: /health }`),
  ],
])("%s", (_, after) => {
  test("leaves the shared stack byte-identical: its cluster, load balancer, listeners and security group stay until the entry goes", () => {
    expect(synth(after)["acme-shared"]).toBe(before["acme-shared"]);
  });
});

test("removing a clusters entry nothing names takes its resources out of the shared stack", () => {
  const after = BEFORE.replace(/ {2}staging:\n(?: {4}.*\n)+/, "");
  expect(clusterResources(shared(after))).toEqual({
    clusters: ["acme-production"],
    loadBalancers: ["acme-production"],
    listeners: [
      "ecs-cluster-production_http-listener",
      "ecs-cluster-production_https-listener",
    ],
    securityGroups: ["acme-production-alb"],
  });
});

test("adding the first service on a declared cluster leaves every other stack, the shared one too, byte-identical", () => {
  const after = synth(
    catalogue(
      `    environments:
      qa: { healthCheckPath: /health }
      production: ${ECS_ENV}`,
      `  mailer:
    source: { codecommit: { repository: mailer, branch: main } }
    processes:
      worker: { command: [bin/mailer] }
    environments:
      staging: { kind: ecs, cpu: 256, memory: 1024, count: 1 }
`,
    ),
  );
  expect(Object.keys(after).sort()).toEqual(
    [...Object.keys(before), "acme-mailer"].sort(),
  );
  for (const [stack, text] of Object.entries(before))
    expect([stack, after[stack]]).toEqual([stack, text]);
});

test("a clusters entry deleted in the edit that retires its last service is refused; with the service's entry, once applied, it goes", () => {
  const retired = catalogue(`    retired: true
    environments:
      qa: { healthCheckPath: /health }
      production: ${ECS_ENV}`);
  const withoutProduction = (text: string) =>
    text.replace(/ {2}production:\n(?: {4}.*\n)+/, "");
  expect(() => load(withoutProduction(retired))).toThrow(
    "services.api.environments.production: runs on clusters.production, which clusters does not define, until the retirement of services.api is applied",
  );
  const deleted = withoutProduction(retired).replace(
    /^ {2}api:\n(?: {4}.*\n)+/m,
    "",
  );
  expect(clusterResources(shared(deleted)).clusters).toEqual(["acme-staging"]);
});

describe("a clusters entry deleted, compared with the previous output", () => {
  const moved = catalogue(`    environments:
      qa: { healthCheckPath: /health }
      production: { kind: ecs, cluster: staging, http: { healthCheckPath: /health }, cpu: 256, memory: 512, count: 1 }`);
  const withoutProduction = moved.replace(/ {2}production:\n(?: {4}.*\n)+/, "");
  const withoutStaging = (text: string) =>
    text.replace(/ {2}staging:\n(?: {4}.*\n)+/, "");
  /** The catalogue with `deletionProtection: false` on clusters.<entry>. */
  const unprotected = (text: string, entry: string) =>
    text.replace(
      new RegExp(`^ {2}${entry}:\n`, "m"),
      `  ${entry}:\n    deletionProtection: false\n`,
    );
  const stillUsed = (from: string, to: string) =>
    ecsTarget.sharedStillUsed!(
      synthStacks(load(from)),
      synthStacks(load(to)),
      "acme-shared",
    );
  const inUse =
    'deleting it destroys the ECS cluster "acme-production" and its load balancer in the shared stack\'s apply, which comes first, while acme-api still runs ECS services on it (as last synthesized), and ECS refuses to delete a cluster that holds services: keep the entry, apply those stacks, synthesize, then';
  const readme = '(README: "Retiring and renaming")';

  test("is refused against the previous output, where a service stack still runs on it, with the steps", () => {
    expect(stillUsed(BEFORE, withoutProduction)).toEqual([
      {
        where: "clusters.production",
        ranOn: [{ stack: "acme-api", environment: "production" }],
        message: `${inUse} set deletionProtection: false on it, apply the shared stack, then delete it ${readme}`,
      },
    ]);
    // its load balancer's deletion protection off already: no step for it
    expect(
      stillUsed(unprotected(BEFORE, "production"), withoutProduction),
    ).toEqual([
      {
        where: "clusters.production",
        ranOn: [{ stack: "acme-api", environment: "production" }],
        message: `${inUse} delete it ${readme}`,
      },
    ]);
  });

  test("a cluster nothing runs on is refused while its load balancer's deletion protection is on (the default)", () => {
    const refused = (entry: string) => ({
      where: `clusters.${entry}`,
      message: `deleting it destroys the load balancer "acme-${entry}" in the shared stack's apply, and its deletion protection is on (as last synthesized), so AWS refuses to delete it: set deletionProtection: false on it, apply the shared stack, then delete it ${readme}`,
    });
    expect(stillUsed(moved, withoutProduction)).toEqual([
      refused("production"),
    ]);
    expect(stillUsed(BEFORE, withoutStaging(BEFORE))).toEqual([
      refused("staging"),
    ]);
  });

  test("passes once the move and deletionProtection: false are synthesized (and applied) first, and when nothing is deleted", () => {
    expect(
      stillUsed(unprotected(moved, "production"), withoutProduction),
    ).toEqual([]);
    expect(
      stillUsed(unprotected(BEFORE, "staging"), withoutStaging(BEFORE)),
    ).toEqual([]);
    expect(stillUsed(BEFORE, moved)).toEqual([]);
  });
});
