/**
 * SharedStack and ServiceStack wired from their plan (plan/stacks.ts), on a small typed
 * catalogue: what each creates, and that the names are the plan's (a changed plan name is
 * rendered as given: the stacks derive none).
 */
import type { Catalogue } from "../../config/catalogue";
import { ServiceStack } from "../../constructs/service-stack";
import { SharedStack } from "../../constructs/shared-stack";
import { App } from "../../constructs/private/cdktf";
import {
  ServiceStackPlan,
  SharedStackPlan,
  stacksPlan,
} from "../../plan/stacks";
import { synthJson } from "../support/builders";
import { baseImage, catalogue, service } from "../support/catalogue-builders";
import { addresses, Json, resource } from "../support/synth";

const CATALOGUE = catalogue({
  baseImages: [baseImage("node"), baseImage("old", { retired: true })],
  services: [service("api", { baseImage: "node" })],
});
const STATE = { kind: "local" as const, path: "terraform.tfstate" };

function sharedPlan(c: Catalogue): SharedStackPlan {
  const plan = stacksPlan(c).find((s) => s.kind === "shared");
  if (plan?.kind !== "shared") throw new Error("no shared stack");
  return plan;
}

function servicePlan(c: Catalogue, name: string): ServiceStackPlan {
  const plan = stacksPlan(c).find(
    (s) => s.kind === "service" && s.service === name,
  );
  if (plan?.kind !== "service") throw new Error(`no stack of ${name}`);
  return plan;
}

function shared(c: Catalogue, plan = sharedPlan(c)): Json {
  return synthJson(
    new SharedStack(new App(), plan.name, { catalogue: c, plan, state: STATE }),
  );
}

function ownStack(
  c: Catalogue,
  name: string,
  plan = servicePlan(c, name),
): Json {
  return synthJson(
    new ServiceStack(new App(), plan.name, {
      catalogue: c,
      service: c.services.find((s) => s.name === name)!,
      plan,
      state: STATE,
    }),
  );
}

describe("SharedStack", () => {
  test("the key, the artifact store, each live base image's repository, build and pipeline", () => {
    const json = shared(CATALOGUE);
    expect(resource(json, "aws_kms_alias", "key-alias").name).toBe(
      "alias/acme-delivery",
    );
    expect(
      resource(json, "aws_ecr_repository", "base-node_repository").name,
    ).toBe("acme/node");
    expect(
      resource(json, "aws_codepipeline", "base-node-pipeline_pipeline").name,
    ).toBe("acme-node");
    expect(addresses(json).filter((a) => a.includes("base-old"))).toEqual([]);
    expect(Object.keys(json.output).sort()).toEqual([
      "artifact-bucket",
      "base-node-repository-url",
      "base-old-repository-url",
      "kms-key-arn",
    ]);
    expect(json.output["base-old-repository-url"].value).toBe(
      "${data.aws_caller_identity.current.account_id}.dkr.ecr.eu-west-1.amazonaws.com/acme/old",
    );
  });

  test("renders the names its plan gives", () => {
    const plan = sharedPlan(CATALOGUE);
    const json = shared(CATALOGUE, {
      ...plan,
      names: { ...plan.names, kmsAlias: "alias/planned" },
      baseImages: plan.baseImages.map((b) => ({
        ...b,
        repository: `planned/${b.image}`,
        project: `planned-${b.image}`,
      })),
    });
    expect(resource(json, "aws_kms_alias", "key-alias").name).toBe(
      "alias/planned",
    );
    expect(
      resource(json, "aws_ecr_repository", "base-node_repository").name,
    ).toBe("planned/node");
    expect(
      resource(json, "aws_codebuild_project", "base-node-build_project").name,
    ).toBe("planned-node");
  });
});

describe("ServiceStack", () => {
  test("its repository, build and pipeline; the shared key and base image found by name", () => {
    const json = ownStack(CATALOGUE, "api");
    expect(resource(json, "aws_ecr_repository", "image_repository").name).toBe(
      "acme/api",
    );
    expect(resource(json, "aws_codebuild_project", "build_project").name).toBe(
      "acme-api",
    );
    expect(resource(json, "aws_codepipeline", "pipeline_pipeline").name).toBe(
      "acme-api",
    );
    expect(json.data.aws_kms_alias["catalogue-key"].name).toBe(
      "alias/acme-delivery",
    );
    expect(Object.keys(json.output).sort()).toEqual([
      "image-repository-url",
      "pipeline-name",
      "pipeline-url",
    ]);
  });

  test("renders the names its plan gives", () => {
    const plan = servicePlan(CATALOGUE, "api");
    const json = ownStack(CATALOGUE, "api", {
      ...plan,
      names: {
        ...plan.names,
        repository: "planned/api",
        buildRole: "planned-build",
      },
    });
    expect(resource(json, "aws_ecr_repository", "image_repository").name).toBe(
      "planned/api",
    );
    expect(resource(json, "aws_iam_role", "build_role").name).toBe(
      "planned-build",
    );
  });

  test("a retired service keeps only its repository and build logs, found by name", () => {
    const retired = catalogue({
      services: [service("api", { retired: true })],
    });
    const json = ownStack(retired, "api");
    expect(json.resource).toBeUndefined();
    expect(json.output["image-repository-url"].value).toBe(
      "${data.aws_caller_identity.current.account_id}.dkr.ecr.eu-west-1.amazonaws.com/acme/api",
    );
  });
});
