/**
 * CatalogueKey alone, in a fresh DeliveryStack (its policy names the stack's account, region and
 * partition): the key and its alias exactly, and what its policy lets whom do, asked of the
 * policy simulator. (CodeStar Notifications' use of it: notifications-test.ts.)
 */
import type { CatalogueKeyProps } from "../../constructs/catalogue-key";
import {
  ACCOUNT,
  catalogueKey,
  deliveryStack,
  synthJson,
} from "../support/builders";
import {
  Call,
  EXAMPLE_ACCOUNT,
  EXAMPLE_KEY_ID,
  decide,
  decideByResourcePolicy,
} from "../support/iam";
import { Json, addresses, resource, statements } from "../support/synth";

function synth(
  props: Partial<CatalogueKeyProps> = {},
  region = "eu-west-1",
): Json {
  const stack = deliveryStack({ region });
  catalogueKey(stack, props);
  return synthJson(stack);
}

const KEY = `arn:aws:kms:eu-west-1:${EXAMPLE_ACCOUNT}:key/${EXAMPLE_KEY_ID}`;
const OTHER_ACCOUNT = "210987654321";

test("a rotated key with the longest deletion window, never destroyed, and the alias every stack finds it by", () => {
  const json = synth();
  expect(addresses(json).sort()).toEqual([
    "aws_kms_alias.key-alias",
    "aws_kms_key.key",
  ]);
  const { policy, ...key } = resource(json, "aws_kms_key", "key");
  expect(typeof policy).toBe("string");
  expect(key).toEqual({
    description:
      "Encrypts the acme delivery catalogue's images, artifacts and logs",
    enable_key_rotation: true,
    deletion_window_in_days: 30,
    lifecycle: { prevent_destroy: true },
  });
  expect(resource(json, "aws_kms_alias", "key-alias")).toEqual({
    name: "alias/acme-delivery",
    target_key_id: "${aws_kms_key.key.key_id}",
  });
});

test("policy: the account administers, CloudWatch Logs and four delivery services use it for this account", () => {
  const policy = statements(resource(synth(), "aws_kms_key", "key").policy);
  const root = `arn:aws:iam::${ACCOUNT}:root`;
  expect(policy).toEqual({
    AccountAdministers: {
      Sid: "AccountAdministers",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "kms:*",
      Resource: "*",
    },
    CloudWatchLogsOfThisAccount: {
      Sid: "CloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: [
        "kms:Decrypt*",
        "kms:Describe*",
        "kms:Encrypt*",
        "kms:GenerateDataKey*",
        "kms:ReEncrypt*",
      ],
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*`,
        },
      },
    },
    DeliveryServicesForThisAccount: {
      Sid: "DeliveryServicesForThisAccount",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:CreateGrant",
      ],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": ACCOUNT,
          "kms:ViaService": [
            "codebuild.eu-west-1.amazonaws.com",
            "codepipeline.eu-west-1.amazonaws.com",
            "ecr.eu-west-1.amazonaws.com",
            "s3.eu-west-1.amazonaws.com",
          ],
        },
      },
    },
  });
});

test("with the notification topic: SNS joins the services and CodeStar Notifications may use it through SNS", () => {
  const policy = statements(
    resource(synth({ notificationTopic: true }), "aws_kms_key", "key").policy,
  );
  expect(Object.keys(policy)).toEqual([
    "AccountAdministers",
    "CloudWatchLogsOfThisAccount",
    "DeliveryServicesForThisAccount",
    "CodeStarNotificationsThroughSns",
  ]);
  expect(
    policy.DeliveryServicesForThisAccount.Condition.StringEquals[
      "kms:ViaService"
    ],
  ).toEqual([
    "codebuild.eu-west-1.amazonaws.com",
    "codepipeline.eu-west-1.amazonaws.com",
    "ecr.eu-west-1.amazonaws.com",
    "s3.eu-west-1.amazonaws.com",
    "sns.eu-west-1.amazonaws.com",
  ]);
  expect(policy.CodeStarNotificationsThroughSns).toEqual({
    Sid: "CodeStarNotificationsThroughSns",
    Effect: "Allow",
    Principal: { Service: "codestar-notifications.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: {
      StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
    },
  });
});

test("partition, region and endpoints come from the stack (China)", () => {
  const policy = statements(
    resource(synth({}, "cn-north-1"), "aws_kms_key", "key").policy,
  );
  expect(policy.AccountAdministers.Principal).toEqual({
    AWS: `arn:aws-cn:iam::${ACCOUNT}:root`,
  });
  expect(policy.CloudWatchLogsOfThisAccount.Principal).toEqual({
    Service: "logs.cn-north-1.amazonaws.com.cn",
  });
  expect(policy.CloudWatchLogsOfThisAccount.Condition).toEqual({
    ArnLike: {
      "kms:EncryptionContext:aws:logs:arn": `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:*`,
    },
  });
  expect(
    policy.DeliveryServicesForThisAccount.Condition.StringEquals[
      "kms:ViaService"
    ],
  ).toEqual([
    "codebuild.cn-north-1.amazonaws.com.cn",
    "codepipeline.cn-north-1.amazonaws.com.cn",
    "ecr.cn-north-1.amazonaws.com.cn",
    "s3.cn-north-1.amazonaws.com.cn",
  ]);
});

// CloudWatch Logs' statement is asserted above only: the simulator cannot evaluate
// kms:EncryptionContext:<key> (it knows variable context keys of the form prefix/name only).
describe("what the key policy allows, asked of the policy simulator", () => {
  const keyPolicy = resource(synth(), "aws_kms_key", "key")
    .policy.split(ACCOUNT)
    .join(EXAMPLE_ACCOUNT) as string;
  test("a role uses the key when its IAM policy grants it, and only a role of the key's account", async () => {
    const grant = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }],
    });
    const decrypt: Call = {
      action: "kms:Decrypt",
      resource: KEY,
      context: {
        "kms:CallerAccount": EXAMPLE_ACCOUNT,
        "kms:ViaService": "s3.eu-west-1.amazonaws.com",
      },
    };
    const role = (account: string) => `arn:aws:iam::${account}:role/builder`;
    expect([
      await decide(grant, decrypt, role(EXAMPLE_ACCOUNT), keyPolicy),
      await decideByResourcePolicy(keyPolicy, decrypt, role(EXAMPLE_ACCOUNT)),
      await decide(
        grant,
        {
          ...decrypt,
          context: { ...decrypt.context, "kms:CallerAccount": OTHER_ACCOUNT },
        },
        role(OTHER_ACCOUNT),
        keyPolicy,
      ),
    ]).toEqual(["Allowed", "ImplicitlyDenied", "ImplicitlyDenied"]);
  });
});
