/** The ARN forms of the catalogue's shared resources (plan/refs.ts), on plain values. */
import {
  bucketRef,
  connectionArn,
  logGroupArn,
  notificationTopicArn,
  repositoryRef,
  roleArn,
} from "../../plan/refs";

const AWS = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "111122223333",
  dnsSuffix: "amazonaws.com",
};
const CHINA = {
  partition: "aws-cn",
  region: "cn-north-1",
  accountId: "111122223333",
  dnsSuffix: "amazonaws.com.cn",
};

test("a repository: its ARN, and its URL on the partition's registry host", () => {
  expect(repositoryRef(AWS, "acme/api")).toEqual({
    name: "acme/api",
    arn: "arn:aws:ecr:eu-west-1:111122223333:repository/acme/api",
    url: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme/api",
  });
  expect(repositoryRef(CHINA, "acme/api")).toEqual({
    name: "acme/api",
    arn: "arn:aws-cn:ecr:cn-north-1:111122223333:repository/acme/api",
    url: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/acme/api",
  });
});

test("a bucket's ARN names neither region nor account, a role's no region, a log group's both", () => {
  expect(bucketRef(CHINA, "acme-artifacts")).toEqual({
    name: "acme-artifacts",
    arn: "arn:aws-cn:s3:::acme-artifacts",
  });
  expect(roleArn(AWS, "acme-api-build")).toBe(
    "arn:aws:iam::111122223333:role/acme-api-build",
  );
  expect(logGroupArn(CHINA, "/aws/codebuild/acme-api")).toBe(
    "arn:aws-cn:logs:cn-north-1:111122223333:log-group:/aws/codebuild/acme-api",
  );
});

test("the notification topic: the catalogue's existing one, else the created one by name", () => {
  const existing = "arn:aws:sns:eu-west-1:444455556666:ops";
  expect(
    notificationTopicArn(AWS, "acme-pipeline-notifications", {
      topicArn: existing,
    }),
  ).toBe(existing);
  expect(notificationTopicArn(AWS, "acme-pipeline-notifications", {})).toBe(
    "arn:aws:sns:eu-west-1:111122223333:acme-pipeline-notifications",
  );
});

test("a connection: an existing one's ARN, else what `created` gives for its name", () => {
  const existing =
    "arn:aws:codeconnections:eu-west-1:111122223333:connection/abc";
  const connections = [
    { name: "legacy", kind: "existing" as const, arn: existing },
    { name: "github", kind: "provider" as const },
  ];
  const created = (name: string) => `created:${name}`;
  expect(connectionArn(connections, "legacy", created)).toBe(existing);
  expect(connectionArn(connections, "github", created)).toBe("created:github");
});
