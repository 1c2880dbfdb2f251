/**
 * DockerBuilder alone, in a fresh DeliveryStack (it takes its names and region from the stack):
 * its project, the output, and what its role may push.
 */
import {
  DockerBuilder,
  DockerBuilderProps,
} from "../../constructs/docker-builder";
import {
  ACCOUNT,
  deliveryStack,
  dockerBuilderProps,
  synthJson,
} from "../support/builders";
import { Json, resource, statements } from "../support/synth";

function synth(props: DockerBuilderProps, region = "eu-west-1"): Json {
  const stack = deliveryStack({ region, organisation: "acme" });
  new DockerBuilder(stack, props);
  return synthJson(stack);
}

test("the project: the stack's names, the builder's compute and timeout, privileged, no source", () => {
  const project = resource(
    synth(dockerBuilderProps()),
    "aws_codebuild_project",
    "docker-builder_project",
  );
  expect(project.name).toBe("acme-docker-builder");
  expect(project.build_timeout).toBe(45);
  expect(project.environment).toEqual({
    type: "LINUX_CONTAINER",
    compute_type: "BUILD_GENERAL1_MEDIUM",
    image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
    image_pull_credentials_type: "CODEBUILD",
    privileged_mode: true,
    environment_variable: [],
  });
  expect(project.source.type).toBe("NO_SOURCE");
  expect(project.artifacts).toEqual({ type: "NO_ARTIFACTS" });
  expect(project.logs_config.cloudwatch_logs.group_name).toBe(
    "${aws_cloudwatch_log_group.docker-builder_logs.name}",
  );
});

test("its log group and role are named after the organisation", () => {
  const json = synth(dockerBuilderProps());
  expect(
    resource(json, "aws_cloudwatch_log_group", "docker-builder_logs").name,
  ).toBe("/aws/codebuild/acme-docker-builder");
  expect(resource(json, "aws_iam_role", "docker-builder_role").name).toBe(
    "acme-docker-builder",
  );
});

test("the output names the project to start", () => {
  expect(synth(dockerBuilderProps()).output["docker-builder-project"]).toEqual({
    description: "Start with aws codebuild start-build (see README)",
    value: "${aws_codebuild_project.docker-builder_project.name}",
  });
});

test("it pushes to every repository of the organisation, in the stack's partition and region", () => {
  const policy = resource(
    synth(dockerBuilderProps(), "cn-north-1"),
    "aws_iam_role_policy",
    "docker-builder_policy",
  );
  expect(statements(policy.policy).PushImage.Resource).toBe(
    `arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/acme/*`,
  );
});

test("base images: denied any push, only when there are some", () => {
  const base = "arn:aws:ecr:eu-west-1:111122223333:repository/acme/base";
  const withBase = statements(
    resource(
      synth(dockerBuilderProps({ baseImageArns: [base] })),
      "aws_iam_role_policy",
      "docker-builder_policy",
    ).policy,
  );
  expect(withBase.NeverPushBaseImages).toEqual({
    Sid: "NeverPushBaseImages",
    Effect: "Deny",
    Action: [
      "ecr:CompleteLayerUpload",
      "ecr:InitiateLayerUpload",
      "ecr:PutImage",
      "ecr:UploadLayerPart",
    ],
    Resource: base,
  });
  const without = statements(
    resource(
      synth(dockerBuilderProps()),
      "aws_iam_role_policy",
      "docker-builder_policy",
    ).policy,
  );
  expect(Object.keys(without)).toEqual([
    "WriteOwnLogs",
    "EcrLogin",
    "PushImage",
    "UseCatalogueKey",
  ]);
});

test("connections: it may use exactly the catalogue's", () => {
  const connection =
    "arn:aws:codeconnections:eu-west-1:111122223333:connection/c";
  const bySid = statements(
    resource(
      synth(dockerBuilderProps({ connectionArns: [connection] })),
      "aws_iam_role_policy",
      "docker-builder_policy",
    ).policy,
  );
  expect(bySid.UseCatalogueConnections.Resource).toBe(connection);
});
