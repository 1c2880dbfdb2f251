/**
 * The ECS on Fargate deploy target: each process of a service an ECS service in the
 * environment's cluster, the web process behind the cluster's shared Application Load Balancer.
 * docs/research/ecs-on-fargate.md has the design facts.
 */
import { HTTP_PROCESS } from "../../config/environment-parts";
import { clusterEntryOf } from "./cluster-id";
import { isObject } from "../../config/merge";
import { NAME_RULES } from "../../plan/names";
import type { NamedResource } from "../../plan/named-resource";
import type { DeployTarget } from "../deploy-target";
import {
  ECS_DEPLOY_PROVIDER,
  EcsDeploy,
  ecsDeployActions,
  ecsStatements,
} from "./deploy";
import { imageDefinitions } from "./image-definitions";
import { clustersStillUsed } from "./in-use";
import { planEcs } from "./plan";
import { ECS_STATEFUL_TYPES } from "./stateful";
import { ecsSmokeTestSite, loadClusters, loadEcsEnvironment } from "./load";
import { ECS_NAME_RULES, EcsNames } from "./names";
import { ECS_RULES } from "./rules";
import {
  CLUSTERS_SCHEMA,
  ECS_ENVIRONMENT_DESCRIPTION,
  ECS_ENVIRONMENT_PROPERTIES,
} from "./schema";

export const ecsTarget: DeployTarget<EcsDeploy> = {
  kind: "ecs",
  summary:
    "ECS services on Fargate, one per process, behind the cluster's shared Application Load Balancer",
  title: "ECS",
  buildArtifact: (service) =>
    imageDefinitions(service.processes.map((p) => p.name)),
  environmentDescription: ECS_ENVIRONMENT_DESCRIPTION,
  environmentProperties: ECS_ENVIRONMENT_PROPERTIES,
  sections: [
    {
      key: "clusters",
      schema: CLUSTERS_SCHEMA,
      entryName: "<name>",
      load: loadClusters,
      outline: (value) =>
        Object.keys(isObject(value) ? value : {}).map((name) => ({ name })),
    },
  ],
  loadEnvironment: loadEcsEnvironment,
  smokeTestSite: ecsSmokeTestSite,
  rules: ECS_RULES,
  statefulTypes: ECS_STATEFUL_TYPES,
  sharedCatalogueKey: (within) => {
    const entry = clusterEntryOf(within);
    return entry === undefined ? undefined : `clusters.${entry}`;
  },
  sharedStillUsed: clustersStillUsed,
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
      ...(detail.processes.includes(HTTP_PROCESS)
        ? [
            claim(
              "target group",
              ECS_NAME_RULES.targetGroup,
              ecs.targetGroup(service, env, detail.port),
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
  plan: planEcs,
  // The structure reference: a deploy of ECS reads the one artifact with its
  // files and writes none.
  actionArtifacts: [
    {
      category: "Deploy",
      provider: ECS_DEPLOY_PROVIDER,
      inputs: [1, 1],
      outputs: [0, 0],
    },
  ],
  deployActions: ecsDeployActions,
  describeDeploy: (action) =>
    action.provider === ECS_DEPLOY_PROVIDER
      ? `ECS ${action.configuration?.ClusterName}/${action.configuration?.ServiceName} (${action.configuration?.FileName})`
      : undefined,
  pipelineStatements: ecsStatements,
};
