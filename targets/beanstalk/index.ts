/**
 * The Elastic Beanstalk deploy target: an environment of the single-container Docker platform
 * behind an Application Load Balancer, deployed from Dockerrun.aws.json.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/single-container-docker-configuration.html
 */
import { NAME_RULES } from "../../plan/names";
import type { DeployTarget } from "../deploy-target";
import { BEANSTALK_NAME_RULES, BeanstalkNames, usesBeanstalk } from "./names";
import {
  BeanstalkDeploy,
  BEANSTALK_DEPLOY_PROVIDER,
  beanstalkDeployActions,
  beanstalkStatements,
} from "./deploy";
import { planBeanstalk } from "./plan";
import { BEANSTALK_RULES } from "./rules";
import {
  BEANSTALK_ENVIRONMENT_DESCRIPTION,
  BEANSTALK_ENVIRONMENT_PROPERTIES,
  TOP_NETWORK_SCHEMA,
} from "./schema";
import { BEANSTALK_STATEFUL_TYPES } from "./stateful";
import { DOCKERRUN } from "./dockerrun";
import { beanstalkSmokeTestSite, loadBeanstalkEnvironment } from "./load";

export const beanstalkTarget: DeployTarget<BeanstalkDeploy> = {
  kind: "beanstalk",
  summary:
    "an Elastic Beanstalk environment (Docker platform, Application Load Balancer)",
  title: "Beanstalk",
  buildArtifact: () => DOCKERRUN,
  environmentDescription: BEANSTALK_ENVIRONMENT_DESCRIPTION,
  environmentProperties: BEANSTALK_ENVIRONMENT_PROPERTIES,
  sections: [
    { key: "network", schema: TOP_NETWORK_SCHEMA, environmentDefault: true },
  ],
  loadEnvironment: loadBeanstalkEnvironment,
  smokeTestSite: beanstalkSmokeTestSite,
  rules: BEANSTALK_RULES,
  statefulTypes: BEANSTALK_STATEFUL_TYPES,
  sharedResources: (names, outline) =>
    usesBeanstalk(outline.services)
      ? [
          {
            rule: NAME_RULES.iamRole,
            name: new BeanstalkNames(names).serviceRole,
            path: ["organisation"],
            rank: 0,
            unique: {
              namespace: "IAM role",
              owner: "the Beanstalk service role",
            },
          },
        ]
      : [],
  serviceResources: (names, service, path, rank) => [
    {
      rule: BEANSTALK_NAME_RULES.application,
      name: new BeanstalkNames(names).application(service),
      path,
      rank,
    },
  ],
  environmentResources: (names, service, env, path, rank) => [
    {
      rule: BEANSTALK_NAME_RULES.environment,
      name: new BeanstalkNames(names).environment(service, env),
      path,
      rank,
      unique: {
        namespace: "Beanstalk environment",
        owner: `${path.join(".")}'s`,
      },
    },
    // An environment's instance role is its name plus "-instance" (no other role ends so):
    // unique environment names make unique instance roles. Never too long while the
    // environment's name fits (40 + "-instance" <= 64); checked anyway.
    {
      rule: NAME_RULES.iamRole,
      name: new BeanstalkNames(names).instanceRole(service, env),
      path,
      rank,
    },
    {
      rule: NAME_RULES.instanceProfile,
      name: new BeanstalkNames(names).instanceRole(service, env),
      path,
      rank,
    },
  ],
  plan: planBeanstalk,
  // The structure reference: a deploy of Elastic Beanstalk reads the one artifact with its
  // files and writes none.
  actionArtifacts: [
    {
      category: "Deploy",
      provider: BEANSTALK_DEPLOY_PROVIDER,
      inputs: [1, 1],
      outputs: [0, 0],
    },
  ],
  deployActions: beanstalkDeployActions,
  describeDeploy: (action) =>
    action.provider === BEANSTALK_DEPLOY_PROVIDER
      ? `Beanstalk ${action.configuration?.EnvironmentName}`
      : undefined,
  pipelineStatements: beanstalkStatements,
};
