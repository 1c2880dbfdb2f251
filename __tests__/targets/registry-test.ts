/**
 * The registry holds targets with their deploy type erased (RegisteredTarget): a target's typed
 * functions see only deploys of its own kind.
 */
import { readdirSync } from "fs";
import * as path from "path";
import { beanstalkTarget } from "../../targets/beanstalk";
import type { BeanstalkDeploy } from "../../targets/beanstalk/deploy";
import type { DeployTarget, TargetDeploy } from "../../targets/deploy-target";
import { ecsTarget } from "../../targets/ecs";
import {
  DEPLOY_TARGETS,
  deployTarget,
  ENVIRONMENT_DEFAULT_SECTIONS,
  loadTargetSections,
  outlineTargetSections,
} from "../../targets/registry";
import type { DeployKind } from "../../targets/sections";

const SCOPE = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "111122223333",
};
const BEANSTALK: BeanstalkDeploy = {
  kind: "beanstalk",
  applicationName: "acme-orders",
  environments: [
    {
      key: "prod",
      environmentName: "acme-orders-prod",
      environmentId: "e-0000000000",
      approval: false,
      deploymentPolicy: "Rolling",
    },
  ],
  instanceRoleArns: [
    "arn:aws:iam::111122223333:role/acme-orders-prod-instance",
  ],
  serviceRoleArn: "arn:aws:iam::111122223333:role/acme-beanstalk-service",
};
const OTHER: TargetDeploy = {
  kind: "ecs",
  environments: [{ key: "prod", environmentName: "prod", approval: false }],
};

test("a target's deploy functions take only its own deploy type (checked by tsc)", () => {
  // @ts-expect-error a Beanstalk target cannot take any target's deploy
  const erased: DeployTarget = beanstalkTarget;
  expect(erased.kind).toBe("beanstalk");
});

test("the registered target passes its own deploys through", () => {
  const registered = deployTarget("beanstalk");
  expect(
    registered.deployActions(BEANSTALK, BEANSTALK.environments[0]),
  ).toEqual(
    beanstalkTarget.deployActions(BEANSTALK, BEANSTALK.environments[0]),
  );
  expect(registered.pipelineStatements(SCOPE, BEANSTALK)).toEqual(
    beanstalkTarget.pipelineStatements(SCOPE, BEANSTALK),
  );
});

test("and refuses another target's deploy, or an environment not of the deploy", () => {
  const registered = deployTarget("beanstalk");
  expect(() => registered.pipelineStatements(SCOPE, OTHER)).toThrow(
    "the beanstalk target was given a deploy of kind ecs",
  );
  expect(() => registered.deployActions(OTHER, OTHER.environments[0])).toThrow(
    "the beanstalk target was given a deploy of kind ecs",
  );
  expect(() =>
    registered.deployActions(BEANSTALK, { ...BEANSTALK.environments[0] }),
  ).toThrow("prod is not an environment of this beanstalk deploy");
});

const NETWORK = {
  vpcId: "vpc-0a1b2c3d4e5f67890",
  taskSubnets: ["subnet-0a1b2c3d4e5f60001"],
  loadBalancerSubnets: ["subnet-0a1b2c3d4e5f60101"],
};

test("each top-level section a target loads is read from its own key, through the registry", () => {
  const [clusters] = ecsTarget.sections;
  if (!("load" in clusters)) throw new Error("ECS loads its clusters");
  const load = jest.spyOn(clusters, "load");
  try {
    const top = {
      clusters: { staging: { network: NETWORK } },
      network: { vpcId: "vpc-1" },
    };
    const loaded = loadTargetSections(top);
    expect(load).toHaveBeenCalledWith(top.clusters);
    expect(loaded).toEqual({
      clusters: [
        {
          name: "staging",
          network: {
            ...NETWORK,
            loadBalancerScheme: "public",
            assignPublicIp: false,
          },
          deletionProtection: true,
          idleTimeoutSeconds: 60,
        },
      ],
    });
    // Left out: an empty section.
    expect(loadTargetSections({})).toEqual({ clusters: [] });
  } finally {
    load.mockRestore();
  }
});

test("and outlined from a top level that may have problems", () => {
  expect(
    outlineTargetSections({ clusters: { b: "not an object", a: {} } }),
  ).toEqual({ clusters: [{ name: "b" }, { name: "a" }] });
  expect(outlineTargetSections({ clusters: ["a list"] })).toEqual({
    clusters: [],
  });
  expect(outlineTargetSections({})).toEqual({ clusters: [] });
});

test("a section read only where environments are loaded is their merged values' first layer", () => {
  expect(ENVIRONMENT_DEFAULT_SECTIONS).toEqual(["network"]);
});

test("every folder under targets/ is a registered target, under its kind (no folder left out)", () => {
  const folders = readdirSync(path.join(__dirname, "../../targets"), {
    withFileTypes: true,
  })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  expect(DEPLOY_TARGETS.map((t) => t.kind).sort()).toEqual(folders);
  // The kinds are those the targets' types.ts declare (EnvironmentKinds), checked by tsc: the
  // registry and the renderers' map are typed over them.
  const kinds: readonly DeployKind[] = ["beanstalk", "ecs"];
  expect(DEPLOY_TARGETS.map((t) => t.kind)).toEqual(kinds);
  // @ts-expect-error no target declares the kind "lambda"
  const undeclared: DeployKind = "lambda";
  expect(undeclared).toBe("lambda");
});
