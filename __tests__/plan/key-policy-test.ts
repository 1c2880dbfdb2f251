/**
 * The catalogue key's policy in the plan layer, on plain values: no YAML, no cdktf.
 */
import { policyObject } from "../../plan/iam";
import { keyPolicyStatements } from "../../plan/key-policy";

const scope = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "111122223333",
};
const dnsSuffix = "amazonaws.com";

const administers = {
  sid: "AccountAdministers",
  principals: { AWS: ["arn:aws:iam::111122223333:root"] },
  actions: ["kms:*"],
  resources: ["*"],
};
const logs = {
  sid: "CloudWatchLogsOfThisAccount",
  principals: { Service: ["logs.eu-west-1.amazonaws.com"] },
  actions: [
    "kms:Decrypt*",
    "kms:Describe*",
    "kms:Encrypt*",
    "kms:GenerateDataKey*",
    "kms:ReEncrypt*",
  ],
  resources: ["*"],
  conditions: {
    ArnLike: {
      "kms:EncryptionContext:aws:logs:arn":
        "arn:aws:logs:eu-west-1:111122223333:log-group:*",
    },
  },
};
const services = (via: string[]) => ({
  sid: "DeliveryServicesForThisAccount",
  principals: { AWS: ["arn:aws:iam::111122223333:root"] },
  actions: [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:CreateGrant",
  ],
  resources: ["*"],
  conditions: {
    StringEquals: {
      "kms:CallerAccount": "111122223333",
      "kms:ViaService": via.map((s) => `${s}.eu-west-1.amazonaws.com`),
    },
  },
});

describe("keyPolicyStatements", () => {
  test("without the notification topic: the account, CloudWatch Logs and four services", () => {
    expect(keyPolicyStatements({ scope, dnsSuffix })).toEqual([
      administers,
      logs,
      services(["codebuild", "codepipeline", "ecr", "s3"]),
    ]);
  });

  test("notificationTopic false is the default", () => {
    expect(
      keyPolicyStatements({ scope, dnsSuffix, notificationTopic: false }),
    ).toEqual(keyPolicyStatements({ scope, dnsSuffix }));
  });

  test("with the notification topic: SNS joins the services, CodeStar Notifications through SNS", () => {
    expect(
      keyPolicyStatements({ scope, dnsSuffix, notificationTopic: true }),
    ).toEqual([
      administers,
      logs,
      services(["codebuild", "codepipeline", "ecr", "s3", "sns"]),
      {
        sid: "CodeStarNotificationsThroughSns",
        principals: { Service: ["codestar-notifications.amazonaws.com"] },
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: {
          StringEquals: { "kms:ViaService": "sns.eu-west-1.amazonaws.com" },
        },
      },
    ]);
  });

  test("partition, region and DNS suffix come from the values given (China)", () => {
    const statements = keyPolicyStatements({
      scope: { partition: "aws-cn", region: "cn-north-1", accountId: "42" },
      dnsSuffix: "amazonaws.com.cn",
    });
    expect(statements.map((s) => [s.principals, s.conditions])).toEqual([
      [{ AWS: ["arn:aws-cn:iam::42:root"] }, undefined],
      [
        { Service: ["logs.cn-north-1.amazonaws.com.cn"] },
        {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn":
              "arn:aws-cn:logs:cn-north-1:42:log-group:*",
          },
        },
      ],
      [
        { AWS: ["arn:aws-cn:iam::42:root"] },
        {
          StringEquals: {
            "kms:CallerAccount": "42",
            "kms:ViaService": [
              "codebuild.cn-north-1.amazonaws.com.cn",
              "codepipeline.cn-north-1.amazonaws.com.cn",
              "ecr.cn-north-1.amazonaws.com.cn",
              "s3.cn-north-1.amazonaws.com.cn",
            ],
          },
        },
      ],
    ]);
  });

  test("the document: Principal and Action collapse to one value, Resource is '*'", () => {
    const document = policyObject(keyPolicyStatements({ scope, dnsSuffix }));
    expect(document).toMatchObject({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AccountAdministers",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "kms:*",
          Resource: "*",
        },
        { Sid: "CloudWatchLogsOfThisAccount" },
        { Sid: "DeliveryServicesForThisAccount" },
      ],
    });
  });
});
