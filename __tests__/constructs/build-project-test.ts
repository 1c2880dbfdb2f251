/**
 * The BuildProject construct in a small stack of its own: account, partition and region come from
 * the stack, and it checks the invariant its props' types cannot express.
 */
import { Testing } from "../../constructs/private/cdktf";
import { BuildProject } from "../../constructs/build-project";
import { buildProjectProps, deliveryStack } from "../support/builders";
import type { Json } from "../support/synth";

const stack = () => deliveryStack({ region: "cn-north-1" });

const PROPS = buildProjectProps({
  build: {
    ...buildProjectProps().build,
    secrets: { TOKEN: { store: "ssm", name: "/api/token" } },
  },
  kmsKeyArn: "arn:aws-cn:kms:cn-north-1:111122223333:key/k",
});

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
