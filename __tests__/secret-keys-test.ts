/**
 * Secrets under customer-managed KMS keys (`NAME: { from, kmsKey }`): each role that reads such a
 * secret may kms:Decrypt with exactly the keys its own secrets name, and only as the store that
 * holds the secret asks on its behalf (kms:ViaService) — the build role for build secrets, each
 * Beanstalk environment's instance role for its own. Put through the policy simulator with every
 * reference resolved in the example account, each key with KMS's default key policy (which lets
 * IAM policies grant the key; the README asks that of a customer-managed key), and pinned as JSON.
 */
import {
  Call,
  decisions as decisionsWithoutKeyPolicy,
  DEFAULT_KEY_POLICY,
  EXAMPLE_ACCOUNT,
  resolvePolicy,
} from "./support/iam";
import {
  load,
  resource,
  statements,
  synthStacks,
  type Json,
} from "./support/synth";
import { decryptSecretStatements, kmsKeyProblem } from "../plan/secrets";

const key = (id: string) =>
  `arn:aws:kms:eu-west-1:${EXAMPLE_ACCOUNT}:key/${id}-0000-0000-0000-000000000000`;
const BUILD_KEY = key("0000b111");
const SHARED_KEY = key("0000d222");
const STAGING_KEY = key("00005333");
const PROD_KEY = key("0000f444");
const OTHER_KEY = key("00000555");

const CATALOGUE = `version: 1
organisation: acme
region: eu-west-1
defaults:
  environment:
    secrets:
      SHARED: { from: ssm:/shared/token, kmsKey: ${SHARED_KEY} }
services:
  api:
    source: { codecommit: { repository: api } }
    build:
      secrets:
        NPM_TOKEN: { from: ssm:/api/npm-token, kmsKey: ${BUILD_KEY} }
        PLAIN: secretsmanager:api/plain
    environments:
      staging:
        secrets:
          DATABASE_URL: { from: "secretsmanager:api/staging/db:url", kmsKey: ${STAGING_KEY} }
      prod:
        secrets:
          DATABASE_URL: { from: "secretsmanager:api/prod/db:url", kmsKey: ${PROD_KEY} }
          API_TOKEN: { from: ssm:/api/prod/token, kmsKey: ${PROD_KEY} }
`;
const PLAIN = `version: 1
organisation: acme
region: eu-west-1
services:
  api:
    source: { codecommit: { repository: api } }
    build:
      secrets:
        NPM_TOKEN: ssm:/api/npm-token
    environments:
      prod:
        secrets:
          DATABASE_URL: secretsmanager:api/prod/db:url
`;

let stack: Json;
beforeAll(() => {
  stack = synthStacks(load(CATALOGUE))["acme-api"];
});

function policyOf(address: string): string {
  return resolvePolicy(
    resource(stack, "aws_iam_role_policy", address).policy,
    stack,
    "api",
  );
}

/** Decisions on calls to keys whose policy is KMS's default (IAM policies decide). */
const decisions = (policy: string, calls: Call[]) =>
  decisionsWithoutKeyPolicy(policy, calls, DEFAULT_KEY_POLICY);

const decrypt = (keyArn: string, store: string): Call => ({
  action: "kms:Decrypt",
  resource: keyArn,
  context: { "kms:ViaService": `${store}.eu-west-1.amazonaws.com` },
});
const as = (calls: Call[], decision: string) =>
  calls.map((c) => [c.action, c.resource, decision]);

describe("the build role decrypts its build secrets' keys, through the store that holds each", () => {
  test("pinned: one statement per store with a key, ViaService of that store", () => {
    const policy = statements(
      resource(stack, "aws_iam_role_policy", "build_policy").policy,
    );
    expect(policy.DecryptParametersWithTheirKeys).toEqual({
      Sid: "DecryptParametersWithTheirKeys",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: BUILD_KEY,
      Condition: {
        StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" },
      },
    });
    // the build's Secrets Manager secret names no key (AWS-managed): no statement
    expect(policy.DecryptSecretsWithTheirKeys).toBeUndefined();
  });

  test("simulated: its key through SSM only; no environment's key", async () => {
    const policy = policyOf("build_policy");
    const own = [decrypt(BUILD_KEY, "ssm")];
    const not = [
      decrypt(BUILD_KEY, "secretsmanager"),
      decrypt(BUILD_KEY, "s3"),
      decrypt(SHARED_KEY, "ssm"),
      decrypt(PROD_KEY, "secretsmanager"),
      decrypt(OTHER_KEY, "ssm"),
      {
        action: "kms:Encrypt",
        resource: BUILD_KEY,
        context: decrypt(BUILD_KEY, "ssm").context,
      },
    ];
    expect(await decisions(policy, own)).toEqual(as(own, "Allowed"));
    expect(await decisions(policy, not)).toEqual(as(not, "ImplicitlyDenied"));
  });
});

test("without a key policy that lets IAM grant the key, the role's statement decrypts nothing", async () => {
  const own = [decrypt(BUILD_KEY, "ssm")];
  expect(
    await decisionsWithoutKeyPolicy(policyOf("build_policy"), own),
  ).toEqual(as(own, "ImplicitlyDenied"));
});

describe("each Beanstalk instance role decrypts its own environment's keys, and no other's", () => {
  test("pinned: prod's parameter keys (defaults' included) and secret keys, each with its store", () => {
    const policy = statements(
      resource(stack, "aws_iam_role_policy", "instance-policy-prod").policy,
    );
    expect(policy.DecryptParametersWithTheirKeys).toEqual({
      Sid: "DecryptParametersWithTheirKeys",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: [SHARED_KEY, PROD_KEY].sort(),
      Condition: {
        StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" },
      },
    });
    expect(policy.DecryptSecretsWithTheirKeys).toEqual({
      Sid: "DecryptSecretsWithTheirKeys",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: PROD_KEY,
      Condition: {
        StringEquals: {
          "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com",
        },
      },
    });
  });

  test("simulated: prod", async () => {
    const policy = policyOf("instance-policy-prod");
    const own = [
      decrypt(PROD_KEY, "secretsmanager"),
      decrypt(PROD_KEY, "ssm"),
      decrypt(SHARED_KEY, "ssm"),
    ];
    const not = [
      decrypt(STAGING_KEY, "secretsmanager"),
      decrypt(BUILD_KEY, "ssm"),
      decrypt(SHARED_KEY, "secretsmanager"),
      decrypt(PROD_KEY, "s3"),
      decrypt(OTHER_KEY, "secretsmanager"),
    ];
    expect(await decisions(policy, own)).toEqual(as(own, "Allowed"));
    expect(await decisions(policy, not)).toEqual(as(not, "ImplicitlyDenied"));
  });

  test("simulated: staging", async () => {
    const policy = policyOf("instance-policy-staging");
    const own = [
      decrypt(STAGING_KEY, "secretsmanager"),
      decrypt(SHARED_KEY, "ssm"),
    ];
    const not = [
      decrypt(PROD_KEY, "secretsmanager"),
      decrypt(PROD_KEY, "ssm"),
      decrypt(STAGING_KEY, "ssm"),
      decrypt(BUILD_KEY, "ssm"),
    ];
    expect(await decisions(policy, own)).toEqual(as(own, "Allowed"));
    expect(await decisions(policy, not)).toEqual(as(not, "ImplicitlyDenied"));
  });
});

test("secrets without a key (AWS-managed) grant no kms:Decrypt to any role", () => {
  const plain = synthStacks(load(PLAIN))["acme-api"];
  const policies = Object.values(
    plain.resource.aws_iam_role_policy as Record<string, { policy: string }>,
  ).map((p) => p.policy);
  expect(policies.length).toBeGreaterThan(2);
  for (const policy of policies)
    expect(
      Object.keys(statements(policy)).filter(
        (sid) => sid.startsWith("Decrypt") && sid.includes("TheirKeys"),
      ),
    ).toEqual([]);
});

describe("pure: the key check and the statements, outside the aws partition", () => {
  const GOV_KEY =
    "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef";

  test("a key of the catalogue's partition and region passes; the same key elsewhere does not", () => {
    expect(kmsKeyProblem(GOV_KEY, "us-gov-west-1")).toBeUndefined();
    expect(kmsKeyProblem(GOV_KEY, "us-gov-east-1")).toBe(
      "the key must be in the catalogue's region us-gov-east-1 (SSM and Secrets Manager encrypt with a key of their own region), got us-gov-west-1",
    );
    expect(kmsKeyProblem(GOV_KEY, "eu-west-1")).toBe(
      "the key must be in the catalogue's partition aws, got aws-us-gov",
    );
  });

  test("ViaService names the store's endpoint in the region's DNS suffix", () => {
    const cn =
      "arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(
      decryptSecretStatements(
        { parameters: [cn], secrets: [cn] },
        "cn-north-1",
      ).map((s) => s.conditions),
    ).toEqual([
      { StringEquals: { "kms:ViaService": "ssm.cn-north-1.amazonaws.com.cn" } },
      {
        StringEquals: {
          "kms:ViaService": "secretsmanager.cn-north-1.amazonaws.com.cn",
        },
      },
    ]);
    expect(
      decryptSecretStatements({ parameters: [], secrets: [] }, "cn-north-1"),
    ).toEqual([]);
  });
});
