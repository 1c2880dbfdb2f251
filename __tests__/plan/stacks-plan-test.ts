/**
 * The stacks the app renders (plan/stacks.ts), on plain objects: order, kind, provider, state,
 * and the names each stack is given.
 */
import type { Catalogue } from "../../config/catalogue";
import { imageNames, sharedNames } from "../../plan/image-names";
import { Names } from "../../plan/names";
import { plan } from "../../plan/plan";
import { stacksPlan } from "../../plan/stacks";
import { baseImage, catalogue, service } from "../support/catalogue-builders";

const CLOUD: NonNullable<Catalogue["cloud"]> = {
  organization: "acme-corp",
  hostname: "app.terraform.io",
  project: "delivery",
  workspacePrefix: "d-",
};

const summary = (c: Catalogue) =>
  stacksPlan(c).map((s) => [
    s.kind,
    s.name,
    s.kind !== "workspaces" && s.state,
  ]);

test("local state: the shared stack, then one per service in the catalogue's order", () => {
  const c = catalogue({
    tags: { team: "platform" },
    services: [service("api"), service("web")],
  });
  expect(summary(c)).toEqual([
    ["shared", "acme-shared", { kind: "local" }],
    ["service", "acme-api", { kind: "local" }],
    ["service", "acme-web", { kind: "local" }],
  ]);
  for (const stack of stacksPlan(c))
    expect(stack.kind !== "workspaces" && stack.provider).toEqual({
      region: "eu-west-1",
      tags: { team: "platform" },
    });
});

test("Terraform Cloud: each stack in its workspace, prefix + stack name, in the catalogue's project", () => {
  expect(
    summary(catalogue({ cloud: CLOUD, services: [service("api")] })),
  ).toEqual([
    [
      "shared",
      "acme-shared",
      {
        kind: "cloud",
        organization: "acme-corp",
        hostname: "app.terraform.io",
        project: "delivery",
        workspace: "d-acme-shared",
      },
    ],
    [
      "service",
      "acme-api",
      {
        kind: "cloud",
        organization: "acme-corp",
        hostname: "app.terraform.io",
        project: "delivery",
        workspace: "d-acme-api",
      },
    ],
  ]);
});

test("managed workspaces: the workspaces stack first, with a workspace per other stack", () => {
  const stacks = stacksPlan(
    catalogue({
      cloud: {
        ...CLOUD,
        workspaces: { terraformVersion: "1.11.4", tags: {} },
      },
      services: [service("api")],
    }),
  );
  const first = stacks[0];
  expect(
    first.kind === "workspaces" && [
      first.name,
      first.plan.workspaces.map((w) => w.name),
    ],
  ).toEqual(["acme-workspaces", ["d-acme-shared", "d-acme-api"]]);
  expect(stacks.map((s) => s.kind)).toEqual([
    "workspaces",
    "shared",
    "service",
  ]);
});

test("each stack carries the names of what it creates", () => {
  const names = new Names("acme");
  const api = service("api");
  const base = baseImage("node");
  const retired = baseImage("old", { retired: true });
  const [shared, own] = stacksPlan(
    catalogue({
      baseImages: [base, retired],
      connections: [{ name: "github", kind: "provider", provider: "GitHub" }],
      services: [api],
    }),
  );
  expect(shared.kind === "shared" && shared).toMatchObject({
    names: sharedNames(names),
    connections: { github: "acme-github" },
    baseImages: [imageNames(names, base), imageNames(names, retired)],
  });
  expect(own.kind === "service" && [own.service, own.names]).toEqual([
    "api",
    imageNames(names, api),
  ]);
});

test("plan().stacks is that list", () => {
  const c = catalogue({ services: [service("api")] });
  expect(plan(c).stacks).toEqual(stacksPlan(c));
});
