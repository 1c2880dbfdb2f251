/**
 * DeliveryStack alone: the AWS provider, the state backend (local, or the Terraform Cloud
 * workspace the plan names, in JSON and HCL), readable addresses, and the shared resources it
 * finds by name (stack.refs), each in the form plan/refs.ts writes with the stack's account.
 */
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Construct } from "constructs";
import type { DeliveryStackProps } from "../../constructs/delivery-stack";
import { DeliveryStack } from "../../constructs/delivery-stack";
import {
  App,
  TerraformOutput,
  TerraformStack,
} from "../../constructs/private/cdktf";
import { ACCOUNT, deliveryStack, synthJson } from "../support/builders";
import { data, Json } from "../support/synth";

const CLOUD: DeliveryStackProps["state"] = {
  kind: "cloud",
  organization: "acme-corp",
  hostname: "app.terraform.io",
  project: "delivery",
  workspace: "d-test",
};

/** The stack's JSON with `value` as output `v`. */
function rendered(
  stack: DeliveryStack,
  value: (stack: DeliveryStack) => string,
): Json {
  new TerraformOutput(stack, "v", { value: value(stack) });
  return synthJson(stack).output.v.value;
}

describe("the provider", () => {
  test("the catalogue's region; no default_tags without tags", () => {
    expect(synthJson(deliveryStack()).provider).toEqual({
      aws: [{ region: "eu-west-1" }],
    });
  });

  test("the catalogue's tags as default_tags", () => {
    expect(
      synthJson(deliveryStack({ tags: { team: "platform" } })).provider.aws,
    ).toEqual([
      { region: "eu-west-1", default_tags: [{ tags: { team: "platform" } }] },
    ]);
  });
});

describe("the backend", () => {
  test("local: the state file the app names", () => {
    const json = synthJson(
      deliveryStack({ state: { kind: "local", path: "../s.tfstate" } }),
    );
    expect(json.terraform.backend).toEqual({ local: { path: "../s.tfstate" } });
    expect(json.terraform.cloud).toBeUndefined();
  });

  test("cloud: the workspace the plan names, in its project", () => {
    const json = synthJson(deliveryStack({ state: CLOUD }));
    expect(json.terraform.cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme-corp",
      workspaces: { name: "d-test", project: "delivery" },
    });
    expect(json.terraform.backend).toBeUndefined();
  });

  test("cloud in HCL: the project is kept (cdktf 0.21 drops it)", () => {
    const hcl = deliveryStack({ state: CLOUD }).toHclTerraform().hcl;
    expect(hcl).toMatch(
      /workspaces \{\nname = "d-test"\nproject = "delivery"\n\}/,
    );
  });
});

test("addresses are construct paths below the stack, joined with _", () => {
  const stack = deliveryStack();
  new S3Bucket(new Construct(stack, "env-prod"), "bucket", { bucket: "b" });
  expect(Object.keys(synthJson(stack).resource.aws_s3_bucket)).toEqual([
    "env-prod_bucket",
  ]);
});

test("DeliveryStack.of refuses a construct of another kind of stack", () => {
  const other = new TerraformStack(new App(), "other");
  const construct = new Construct(other, "c");
  expect(() => DeliveryStack.of(construct)).toThrow(
    /other\/c is not in a DeliveryStack/,
  );
  const stack = deliveryStack();
  expect(DeliveryStack.of(new Construct(stack, "c"))).toBe(stack);
});

describe("stack.refs: shared resources found by name", () => {
  test("a repository's URL on the partition's registry host", () => {
    expect(rendered(deliveryStack(), (s) => s.refs.repositoryUrl("api"))).toBe(
      `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/acme/api`,
    );
    expect(
      rendered(
        deliveryStack({ region: "cn-north-1" }),
        (s) => s.refs.repository("api").arn,
      ),
    ).toBe(`arn:aws-cn:ecr:cn-north-1:${ACCOUNT}:repository/acme/api`);
    expect(
      rendered(deliveryStack({ region: "cn-north-1" }), (s) =>
        s.refs.repositoryUrl("api"),
      ),
    ).toBe(`${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn/acme/api`);
  });

  test("the artifact bucket: organisation, account and region", () => {
    expect(rendered(deliveryStack(), (s) => s.refs.artifactBucket.arn)).toBe(
      `arn:aws:s3:::acme-artifacts-${ACCOUNT}-eu-west-1`,
    );
  });

  test("the notification topic: the catalogue's, else the shared stack's by name", () => {
    const existing = "arn:aws:sns:eu-west-1:444455556666:ops";
    expect(
      rendered(deliveryStack(), (s) =>
        s.refs.notificationTopicArn({
          notifications: { events: [], topicArn: existing },
        }),
      ),
    ).toBe(existing);
    expect(
      rendered(deliveryStack(), (s) =>
        s.refs.notificationTopicArn({ notifications: undefined }),
      ),
    ).toBe(`arn:aws:sns:eu-west-1:${ACCOUNT}:acme-pipeline-notifications`);
  });

  test("a created connection is looked up by its name; an existing one is its ARN", () => {
    const existing =
      "arn:aws:codeconnections:eu-west-1:444455556666:connection/x";
    const stack = deliveryStack();
    const connections = [
      {
        name: "github",
        kind: "provider" as const,
        provider: "GitHub" as const,
      },
      { name: "legacy", kind: "existing" as const, arn: existing },
    ];
    expect(stack.refs.connectionArn(connections, "legacy")).toBe(existing);
    new TerraformOutput(stack, "v", {
      value: stack.refs.connectionArn(connections, "github"),
    });
    const json = synthJson(stack);
    expect(json.output.v.value).toBe(
      "${data.aws_codestarconnections_connection.connection-github.arn}",
    );
    expect(
      data(json, "aws_codestarconnections_connection", "connection-github"),
    ).toEqual({ name: "acme-github" });
    expect(Object.keys(json.data.aws_codestarconnections_connection)).toEqual([
      "connection-github",
    ]);
  });

  test("the catalogue's key, by its alias", () => {
    const stack = deliveryStack();
    expect(rendered(stack, (s) => s.refs.catalogueKeyArn())).toBe(
      "${data.aws_kms_alias.catalogue-key.target_key_arn}",
    );
    expect(data(synthJson(stack), "aws_kms_alias", "catalogue-key")).toEqual({
      name: "alias/acme-delivery",
    });
  });
});
