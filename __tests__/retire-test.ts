/**
 * Retiring a service or base image (`retired: true`): what runs is no longer configured (so the
 * next apply destroys it), the image repository and build logs are kept with `removed` blocks
 * whose addresses are the ones the live stack gave them, and nothing else changes.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { parseDocument, YAMLMap } from "yaml";
import { plan } from "../plan/plan";
import { pipelineDiagram } from "../plan/pipeline-diagram";
import {
  ACCOUNT,
  addresses,
  FIXTURES,
  Json,
  load,
  statements,
  strip,
  synthStacks,
  synthTexts,
} from "./support/synth";

/** Service orders and base image ruby-base retired, api and node-base live. */
const RETIRED = readFileSync(
  path.join(FIXTURES, "valid", "retired.yaml"),
  "utf8",
);
/** The same catalogue before anything was retired. */
const LIVE = RETIRED.replace(/^ {4}retired: true\n/gm, "");
/** Only service orders retired. */
const ORDERS_RETIRED = RETIRED.replace(
  /(ruby-base:\n) {4}retired: true\n/,
  "$1",
);

/**
 * What a retired image keeps: everything of its ImageRepository construct (so a resource added
 * there is kept too, or this fails until someone decides), and its build's log group.
 */
const keptOf =
  (repository: string, build: string) =>
  (address: string): boolean =>
    address.split(".")[1].startsWith(`${repository}_`) ||
    address === `aws_cloudwatch_log_group.${build}_logs`;
const KEPT_TYPES = [
  "aws_cloudwatch_log_group",
  "aws_ecr_lifecycle_policy",
  "aws_ecr_repository",
  "aws_ecr_repository_policy",
];
const typesOf = (addresses: string[]) =>
  [...new Set(addresses.map((a) => a.split(".")[0]))].sort();
const removedFrom = (stack: Json): string[] =>
  (stack.removed as Json[]).map((block) => block.from);

let live: Record<string, Json>;
let retired: Record<string, Json>;
beforeAll(() => {
  live = synthStacks(load(LIVE));
  retired = synthStacks(load(RETIRED));
});

describe("a retired service", () => {
  test("its stack configures nothing but the removed blocks and the repository URL", () => {
    const stack = retired["acme-orders"];
    expect(stack.resource).toBeUndefined();
    expect(strip(stack)).toEqual({
      data: { aws_caller_identity: { current: {} } },
      output: {
        "image-repository-url": {
          description:
            "Where the retired service's images are kept (no longer managed by Terraform)",
          value: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/orders`,
        },
      },
      provider: { aws: [{ region: "eu-west-1" }] },
      removed: [
        "aws_ecr_repository.image_repository",
        "aws_ecr_lifecycle_policy.image_lifecycle",
        "aws_ecr_repository_policy.image_policy",
        "aws_cloudwatch_log_group.build_logs",
      ].map((from) => ({ from, lifecycle: { destroy: false } })),
      terraform: {
        backend: {
          local: { path: "../../../terraform.acme-orders.tfstate" },
        },
        required_providers: { aws: { source: "aws", version: "6.25.0" } },
        required_version: ">= 1.7",
      },
    });
  });

  test("the removed blocks name exactly the live stack's repository, repository policies and log group", () => {
    const before = addresses(live["acme-orders"]);
    const kept = keptOf("image", "build");
    expect(removedFrom(retired["acme-orders"]).sort()).toEqual(
      before.filter(kept).sort(),
    );
    expect(typesOf(before.filter(kept))).toEqual(KEPT_TYPES);
    // and everything else the live stack had is gone (destroyed at the next apply): the retired
    // stack has no resource at all (first test)
    const destroyed = new Set(
      before.filter((a) => !kept(a)).map((a) => a.split(".")[0]),
    );
    for (const type of [
      "aws_elastic_beanstalk_environment",
      "aws_elastic_beanstalk_application",
      "aws_codepipeline",
      "aws_cloudwatch_event_rule",
      "aws_codebuild_project",
      "aws_iam_role",
      "aws_iam_instance_profile",
    ])
      expect(destroyed).toContain(type);
  });

  test("retiring it changes no other stack's bytes", () => {
    const before = synthTexts(load(LIVE));
    const after = synthTexts(load(ORDERS_RETIRED));
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [stack, text] of Object.entries(before))
      expect([stack, after[stack] === text]).toEqual([
        stack,
        stack !== "acme-orders",
      ]);
  });

  test("stacks without removed blocks state no Terraform version", () => {
    expect(retired["acme-api"].terraform.required_version).toBeUndefined();
    expect(retired["acme-api"].removed).toBeUndefined();
  });

  test("it has no pipeline to draw", () => {
    expect(() => pipelineDiagram(load(RETIRED), "orders")).toThrow(
      'service "orders" is retired: it has no pipeline',
    );
  });

  test("nothing but the key matters: its other settings change no byte", () => {
    const edited = RETIRED.replace(
      "      prod: { cnamePrefix: acme-orders, approval: true }\n",
      "      prod: { cnamePrefix: acme-orders, approval: true }\n    port: 9999\n    image: { encryption: AES256 }\n",
    );
    expect(edited).not.toBe(RETIRED);
    expect(synthTexts(load(edited))["acme-orders"]).toBe(
      synthTexts(load(RETIRED))["acme-orders"],
    );
  });

  test("it has no roles, so no policy of it is measured or refused", () => {
    const text = readFileSync(
      path.join(FIXTURES, "invalid", "policy-size.yaml"),
      "utf8",
    ).replace("  svc:\n", "  svc:\n    retired: true\n");
    expect(plan(load(text)).roles).toEqual([]);
  });

  test("what a retired entry referred to may already be deleted", () => {
    const text = `version: 1
organisation: acme
region: eu-west-1
services:
  orders:
    retired: true
    source: { connection: gitlab, repository: acme/orders }
    baseImage: ruby-base
    build: { customImage: ci-tools }
`;
    const catalogue = load(text);
    expect(catalogue.services.map((s) => [s.name, s.retired])).toEqual([
      ["orders", true],
    ]);
    expect(removedFrom(synthStacks(catalogue)["acme-orders"])).toHaveLength(4);
  });
});

test("writing the entries in another order changes no byte", () => {
  const doc = parseDocument(RETIRED);
  for (const key of ["baseImages", "services"])
    (doc.get(key) as YAMLMap).items.reverse();
  const reordered = doc.toString();
  expect(reordered).not.toBe(RETIRED);
  expect(synthTexts(load(reordered))).toEqual(synthTexts(load(RETIRED)));
});

describe("a retired base image", () => {
  const RUBY = /^[a-z_]+\.base-ruby-base(-build|-pipeline)?_/;

  test("its pipeline and build leave the shared stack; its repository and logs are kept at their live addresses", () => {
    const before = addresses(live["acme-shared"]);
    const after = addresses(retired["acme-shared"]);
    const ruby = before.filter((a) => RUBY.test(a));
    expect(ruby.sort()).toEqual([
      "aws_cloudwatch_log_group.base-ruby-base-build_logs",
      "aws_codebuild_project.base-ruby-base-build_project",
      "aws_codepipeline.base-ruby-base-pipeline_pipeline",
      "aws_ecr_lifecycle_policy.base-ruby-base_lifecycle",
      "aws_ecr_repository.base-ruby-base_repository",
      "aws_ecr_repository_policy.base-ruby-base_policy",
      "aws_iam_role.base-ruby-base-build_role",
      "aws_iam_role.base-ruby-base-pipeline_role",
      "aws_iam_role_policy.base-ruby-base-build_policy",
      "aws_iam_role_policy.base-ruby-base-pipeline_policy",
    ]);
    expect(after.sort()).toEqual(before.filter((a) => !RUBY.test(a)).sort());
    expect(removedFrom(retired["acme-shared"]).sort()).toEqual(
      ruby.filter(keptOf("base-ruby-base", "base-ruby-base-build")).sort(),
    );
    expect(removedFrom(retired["acme-shared"])).toEqual([
      "aws_ecr_repository.base-ruby-base_repository",
      "aws_ecr_lifecycle_policy.base-ruby-base_lifecycle",
      "aws_ecr_repository_policy.base-ruby-base_policy",
      "aws_cloudwatch_log_group.base-ruby-base-build_logs",
    ]);
    expect(retired["acme-shared"].terraform.required_version).toBe(">= 1.7");
  });

  test("the shared stack still outputs its repository URL", () => {
    expect(
      retired["acme-shared"].output["base-ruby-base-repository-url"],
    ).toEqual({
      description:
        "Base image ruby-base (retired: kept, no longer managed by Terraform)",
      value: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/ruby-base`,
    });
    expect(live["acme-shared"].output["base-ruby-base-repository-url"]).toEqual(
      {
        description: "Base image ruby-base",
        value: "${aws_ecr_repository.base-ruby-base_repository.repository_url}",
      },
    );
  });

  test("the docker builder's deny covers the live base images only", () => {
    const policy = statements(
      retired["acme-shared"].resource.aws_iam_role_policy[
        "docker-builder_policy"
      ].policy,
    );
    expect(policy.NeverPushBaseImages.Resource).toEqual(
      "${aws_ecr_repository.base-node-base_repository.arn}",
    );
  });

  test("retiring it changes only the shared stack", () => {
    const before = synthTexts(load(ORDERS_RETIRED));
    const after = synthTexts(load(RETIRED));
    for (const [stack, text] of Object.entries(before))
      expect([stack, after[stack] === text]).toEqual([
        stack,
        stack !== "acme-shared",
      ]);
  });
});
