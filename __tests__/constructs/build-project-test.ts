/**
 * The BuildProject construct in a small stack of its own: account, partition and region come from
 * the stack, and it checks the invariant its props' types cannot express.
 */
import { App, Testing } from "../../constructs/private/cdktf";
import {
  BuildProject,
  BuildProjectProps,
} from "../../constructs/build-project";
import { DeliveryStack } from "../../constructs/delivery-stack";
import type { Json } from "../support/synth";

function stack(region = "cn-north-1"): DeliveryStack {
  return new DeliveryStack(new App(), "test", {
    organisation: "acme",
    region,
    tags: {},
    state: { kind: "local", path: "terraform.tfstate" },
  });
}

const PROPS: BuildProjectProps = {
  projectName: "acme-api",
  roleName: "acme-api-build",
  logGroupName: "/aws/codebuild/acme-api",
  description: "Builds api",
  build: {
    computeType: "BUILD_GENERAL1_SMALL",
    image: "aws/codebuild/standard:7.0",
    privileged: true,
    timeoutMinutes: 30,
    variables: {},
    secrets: { TOKEN: { store: "ssm", name: "/api/token" } },
    cache: "none",
  },
  generatedBuildspec: "version: 0.2\n",
  buildVariables: {},
  kmsKeyArn: "arn:aws-cn:kms:cn-north-1:111122223333:key/k",
  pushTo: [],
  pullFrom: [],
};

test("ARNs take the stack's partition and region", () => {
  const s = stack();
  new BuildProject(s, "build", PROPS);
  const synth = JSON.parse(Testing.synth(s)) as Json;
  const policy = synth.resource.aws_iam_role_policy.build_policy
    .policy as string;
  expect(policy).toContain(
    "arn:aws-cn:ssm:cn-north-1:${data.aws_caller_identity.current.account_id}:parameter/api/token",
  );
});

test("an artifact bucket without the pipeline's folder is refused", () => {
  const s = stack();
  new BuildProject(s, "build", {
    ...PROPS,
    artifactBucket: { name: "b", arn: "arn:aws-cn:s3:::b" },
  });
  expect(() => Testing.synth(s, true)).toThrow(
    /artifactBucket and artifactFolder go together/,
  );
});
