/**
 * What the Beanstalk target derives for a service: the pipeline's deploy props (application,
 * environments, instance roles to pass, the service role) and each environment's instance role.
 */
import type { Service } from "../../config/catalogue";
import type { RolePlan } from "../../plan/roles";
import { secretKeys, secretReadArns } from "../../plan/secrets";
import type { TargetPlan, TargetPlanContext } from "../deploy-target";
import type { BeanstalkDeploy } from "./deploy";
import { instanceRoleStatements } from "./instance-policy";
import { BeanstalkNames, ENVIRONMENT_ID_FOR_LENGTH } from "./names";
import { beanstalkEnvironments } from "./types";
import { cnameForLength, environmentUrl } from "./environment-url";

export function planBeanstalk(
  ctx: TargetPlanContext,
  service: Service,
): TargetPlan<BeanstalkDeploy> {
  const { names, scope } = ctx;
  const beanstalk = new BeanstalkNames(names);
  const n = service.name;
  const environments = beanstalkEnvironments(service.environments);
  const applicationName = names.project(n);
  const deploy: BeanstalkDeploy = {
    kind: "beanstalk",
    applicationName,
    environments: environments.map((e) => ({
      key: e.name,
      environmentName: beanstalk.environment(n, e.name),
      environmentId: ENVIRONMENT_ID_FOR_LENGTH,
      approval: e.approval,
      deploymentPolicy: e.deploymentPolicy,
      url: environmentUrl(
        cnameForLength(
          scope.region,
          beanstalk.environment(n, e.name),
          e.cnamePrefix,
        ),
      ),
    })),
    instanceRoleArns: environments.map((e) =>
      ctx.role(beanstalk.instanceRole(n, e.name)),
    ),
    serviceRoleArn: ctx.role(beanstalk.serviceRole),
  };
  const roles: RolePlan[] = environments.map((env) => {
    const { parameterArns, secretArns } = secretReadArns(
      scope,
      Object.values(env.secrets),
    );
    return {
      name: beanstalk.instanceRole(n, env.name),
      purpose: "instance",
      path: ["services", n, "environments", env.name],
      statements: instanceRoleStatements({
        ...scope,
        environmentName: beanstalk.environment(n, env.name),
        applicationName,
        imageArn: ctx.repository(n).arn,
        parameterArns,
        secretArns,
        secretKeys: secretKeys(Object.values(env.secrets)),
      }),
    };
  });
  return { deploy, roles };
}
