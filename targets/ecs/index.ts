/**
 * The ECS on Fargate deploy target: each process of a service an ECS service in the
 * environment's cluster, the web process behind the cluster's shared Application Load Balancer.
 * docs/research/ecs-on-fargate.md has the design facts.
 */
import { NAME_RULES } from "../../plan/names";
import type { NamedResource } from "../../plan/named-resource";
import type { DeployTarget, TargetDeploy } from "../deploy-target";
import { ecsSmokeTestSite, loadEcsEnvironment } from "./load";
import { ECS_NAME_RULES, EcsNames } from "./names";
import { ECS_RULES } from "./rules";
import {
  ECS_CATALOGUE_PROPERTIES,
  ECS_ENVIRONMENT_DESCRIPTION,
  ECS_ENVIRONMENT_PROPERTIES,
} from "./schema";

/** Until the resource side lands (plan, render, pipeline): a catalogue may not deploy yet. */
const notYet = (what: string) => (): never => {
  throw new Error(`the ECS target's ${what} is not built yet`);
};

export const ecsTarget: DeployTarget<TargetDeploy> = {
  kind: "ecs",
  summary:
    "ECS services on Fargate, one per process, behind the cluster's shared Application Load Balancer",
  title: "ECS",
  // Replaced by the resource side (image definitions per process).
  buildArtifact: { file: "imagedefinitions.json", write: [], readImage: "" },
  environmentDescription: ECS_ENVIRONMENT_DESCRIPTION,
  environmentProperties: ECS_ENVIRONMENT_PROPERTIES,
  catalogueProperties: ECS_CATALOGUE_PROPERTIES,
  loadEnvironment: loadEcsEnvironment,
  smokeTestSite: ecsSmokeTestSite,
  rules: ECS_RULES,
  statefulTypes: {},
  sharedResources: (names, outline) => {
    const ecs = new EcsNames(names);
    return outline.clusters.flatMap(({ name: cluster }): NamedResource[] => {
      const path = ["clusters", cluster];
      const owner = `clusters.${cluster}'s`;
      return [
        {
          rule: ECS_NAME_RULES.cluster,
          name: ecs.cluster(cluster),
          path,
          rank: 0,
          unique: { namespace: "ECS cluster", owner },
        },
        {
          rule: ECS_NAME_RULES.loadBalancer,
          name: ecs.loadBalancer(cluster),
          path,
          rank: 0,
          unique: { namespace: "load balancer", owner },
        },
        {
          rule: ECS_NAME_RULES.securityGroup,
          name: ecs.loadBalancerSecurityGroup(cluster),
          path,
          rank: 0,
          unique: { namespace: "security group", owner },
        },
      ];
    });
  },
  serviceResources: () => [],
  environmentResources: (names, service, env, path, rank, detail) => {
    const ecs = new EcsNames(names);
    const owner = `${path.join(".")}'s`;
    const claim = (
      namespace: string,
      rule: NamedResource["rule"],
      name: string,
    ): NamedResource => ({
      rule,
      name,
      path,
      rank,
      unique: { namespace, owner },
    });
    return [
      ...(detail.processes.includes("web")
        ? [
            claim(
              "target group",
              ECS_NAME_RULES.targetGroup,
              ecs.targetGroup(service, env),
            ),
          ]
        : []),
      claim("IAM role", NAME_RULES.iamRole, ecs.executionRole(service, env)),
      claim("IAM role", NAME_RULES.iamRole, ecs.taskRole(service, env)),
      claim(
        "security group",
        ECS_NAME_RULES.securityGroup,
        ecs.taskSecurityGroup(service, env),
      ),
      claim(
        "SSM parameter",
        ECS_NAME_RULES.ssmParameter,
        ecs.imageParameter(service, env),
      ),
      ...detail.processes.flatMap((process) => [
        claim(
          "ECS service",
          ECS_NAME_RULES.service,
          ecs.service(service, env, process),
        ),
        claim(
          "task definition family",
          ECS_NAME_RULES.taskFamily,
          ecs.taskFamily(service, env, process),
        ),
        claim(
          "log group",
          NAME_RULES.logGroup,
          ecs.logGroup(service, env, process),
        ),
      ]),
    ];
  },
  // Until the resource side lands: nothing deployed, nothing granted.
  plan: (ctx) => ({
    deploy: { kind: "ecs", environments: [], markProject: ctx.markProject },
    roles: [],
  }),
  deployAction: notYet("deploy action"),
  describeDeploy: () => "ECS",
  pipelineStatements: () => [],
};
