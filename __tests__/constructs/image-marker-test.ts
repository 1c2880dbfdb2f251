/**
 * ImageMarker alone, in a fresh DeliveryStack (its trust policy names the stack's account): its
 * project, role and log group exactly; the script it runs is tested in ../image-marker-test.ts.
 */
import { ImageMarker, ImageMarkerProps } from "../../constructs/image-marker";
import {
  ACCOUNT,
  KEY_ARN,
  deliveryStack,
  imageMarkerProps,
  synthJson,
} from "../support/builders";
import { Json, resource, statements } from "../support/synth";

function synth(props: ImageMarkerProps): Json {
  const stack = deliveryStack();
  new ImageMarker(stack, "mark", props);
  return synthJson(stack);
}

test("the project: not privileged, small, ten minutes, after its policy", () => {
  const { source, ...project } = resource(
    synth(imageMarkerProps()),
    "aws_codebuild_project",
    "mark_project",
  );
  expect(project).toEqual({
    name: "acme-api-mark",
    description:
      "Tags the image an environment is deployed with, so the lifecycle policy keeps it",
    service_role: "${aws_iam_role.mark_role.arn}",
    build_timeout: 10,
    encryption_key: KEY_ARN,
    artifacts: { type: "CODEPIPELINE" },
    environment: {
      type: "LINUX_CONTAINER",
      compute_type: "BUILD_GENERAL1_SMALL",
      image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
      image_pull_credentials_type: "CODEBUILD",
      privileged_mode: false,
      environment_variable: [
        {
          name: "REPOSITORY_URL",
          value: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme/api",
          type: "PLAINTEXT",
        },
        { name: "KEEP_DEPLOYED", value: "5", type: "PLAINTEXT" },
      ],
    },
    logs_config: {
      cloudwatch_logs: {
        group_name: "${aws_cloudwatch_log_group.mark_logs.name}",
        status: "ENABLED",
      },
      s3_logs: { status: "DISABLED" },
    },
    depends_on: ["aws_iam_role_policy.mark_policy"],
  });
  expect(source.type).toBe("CODEPIPELINE");
  expect(source.buildspec).toContain("IMAGE=x\n");
});

test("its log group: a year, the catalogue's key", () => {
  expect(
    resource(
      synth(imageMarkerProps()),
      "aws_cloudwatch_log_group",
      "mark_logs",
    ),
  ).toEqual({
    name: "/aws/codebuild/acme-api-mark",
    retention_in_days: 365,
    kms_key_id: KEY_ARN,
  });
});

test("its role: CodeBuild of this account only", () => {
  const role = resource(synth(imageMarkerProps()), "aws_iam_role", "mark_role");
  expect(role.name).toBe("acme-api-mark");
  expect(statements(role.assume_role_policy).TrustService).toEqual({
    Sid: "TrustService",
    Effect: "Allow",
    Principal: { Service: "codebuild.amazonaws.com" },
    Action: "sts:AssumeRole",
    Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
  });
});

test("its policy marks its own repository only, and writes image parameters only when given", () => {
  const policy = (props: ImageMarkerProps) =>
    statements(
      resource(synth(props), "aws_iam_role_policy", "mark_policy").policy,
    );
  const plain = policy(imageMarkerProps());
  expect(plain.MarkOwnImages.Resource).toBe(
    "arn:aws:ecr:eu-west-1:111122223333:repository/acme/api",
  );
  expect(plain.WriteOwnLogs.Resource).toBe(
    "${aws_cloudwatch_log_group.mark_logs.arn}:*",
  );
  const parameter =
    "arn:aws:ssm:eu-west-1:111122223333:parameter/acme/api/image";
  const recording = policy(
    imageMarkerProps({ imageParameterArns: [parameter] }),
  );
  const added = Object.keys(recording).filter((sid) => !(sid in plain));
  expect(added).toHaveLength(1);
  expect(recording[added[0]].Resource).toBe(parameter);
});
