/**
 * What the ECS target derives for a service's ECS environments: the pipeline's deploy props and,
 * per environment, the execution and task roles.
 */
import type { Service } from "../../config/catalogue";
import { logGroupArn } from "../../plan/refs";
import { required } from "../../plan/required";
import type { RolePlan } from "../../plan/roles";
import { parameterArn, secretKeys, secretReadArns } from "../../plan/secrets";
import type { TargetPlan, TargetPlanContext } from "../deploy-target";
import { webTaskCheck, type EcsDeploy } from "./deploy";
import { EcsNames } from "./names";
import { executionRoleStatements, taskRoleStatements } from "./roles";
import { environmentUrl, loadBalancerDnsNameForLength } from "./url";
import { ecsEnvironments } from "./view";

export function planEcs(
  ctx: TargetPlanContext,
  service: Service,
): TargetPlan<EcsDeploy> {
  const { names, scope } = ctx;
  const ecs = new EcsNames(names);
  const n = service.name;
  const environments = ecsEnvironments(service);
  const clusterOf = (name: string) =>
    required(
      ctx.catalogue.clusters.find((c) => c.name === name),
      `cluster ${name}`,
    );
  // The process behind the load balancer (its service is what a smoke test asks about).
  const web = service.processes.find((p) => p.http)?.name;
  const processNames = (env: {
    processes: Readonly<Record<string, unknown>>;
  }) => Object.keys(env.processes).sort();
  const deploy: EcsDeploy = {
    kind: "ecs",
    environments: environments.map((e) => ({
      key: e.name,
      environmentName: e.name,
      approval: e.approval,
      clusterName: ecs.cluster(e.cluster),
      processes: processNames(e).map((p) => ({
        process: p,
        serviceName: ecs.service(n, e.name, p),
      })),
      imageParameter: ecs.imageParameter(n, e.name),
      ...(e.http &&
        web && {
          smokeSkip: webTaskCheck(
            ecs.cluster(e.cluster),
            ecs.service(n, e.name, web),
          ),
          url: environmentUrl(
            clusterOf(e.cluster),
            e.http,
            loadBalancerDnsNameForLength(
              ecs.loadBalancer(e.cluster),
              clusterOf(e.cluster).network.loadBalancerScheme === "internal",
              scope.region,
            ),
          ),
        }),
    })),
    taskFamilies: environments.flatMap((e) =>
      processNames(e).map((p) => ecs.taskFamily(n, e.name, p)),
    ),
    taskRoleArns: environments.flatMap((e) => [
      ctx.role(ecs.executionRole(n, e.name)),
      ctx.role(ecs.taskRole(n, e.name)),
    ]),
  };
  const roles: RolePlan[] = environments.flatMap((env) => {
    const { parameterArns, secretArns } = secretReadArns(
      scope,
      Object.values(env.secrets),
    );
    const path = ["services", n, "environments", env.name];
    // The task role has a policy only with `exec`.
    const task = taskRoleStatements({
      exec: env.exec,
      kmsKeyArn: ctx.kmsKeyArn,
    });
    return [
      {
        name: ecs.executionRole(n, env.name),
        purpose: "execution",
        path,
        statements: executionRoleStatements({
          imageArn: ctx.repository(n).arn,
          logGroupArns: processNames(env).map((p) =>
            logGroupArn(scope, ecs.logGroup(n, env.name, p)),
          ),
          parameterArns,
          secretArns,
          secretKeys: secretKeys(Object.values(env.secrets)),
          region: scope.region,
        }),
      },
      ...(task.length > 0
        ? [
            {
              name: ecs.taskRole(n, env.name),
              purpose: "task" as const,
              path,
              statements: task,
            },
          ]
        : []),
    ];
  });
  return {
    deploy,
    roles,
    recordParameterArns: environments.map((e) =>
      parameterArn(scope, ecs.imageParameter(n, e.name)),
    ),
  };
}
