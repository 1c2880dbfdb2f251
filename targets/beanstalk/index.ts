/**
 * The Elastic Beanstalk deploy target: an environment of the single-container Docker platform
 * behind an Application Load Balancer, deployed from Dockerrun.aws.json.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/single-container-docker-configuration.html
 */
import type { DeployTarget } from "../deploy-target";
import {
  BeanstalkDeploy,
  beanstalkDeployAction,
  beanstalkStatements,
} from "./deploy";
import { planBeanstalk } from "./plan";
import { BEANSTALK_RULES } from "./rules";
import { DOCKERRUN } from "./dockerrun";

export const beanstalkTarget: DeployTarget<BeanstalkDeploy> = {
  kind: "beanstalk",
  summary:
    "an Elastic Beanstalk environment (Docker platform, Application Load Balancer)",
  buildArtifact: DOCKERRUN,
  rules: BEANSTALK_RULES,
  environmentResources: (names, service, env, path, rank) => [
    {
      kind: "beanstalkEnvironment",
      name: names.environment(service, env),
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
      kind: "iamRole",
      name: names.instanceRole(service, env),
      path,
      rank,
    },
    {
      kind: "instanceProfile",
      name: names.instanceRole(service, env),
      path,
      rank,
    },
  ],
  plan: planBeanstalk,
  deployAction: beanstalkDeployAction,
  pipelineStatements: beanstalkStatements,
};
