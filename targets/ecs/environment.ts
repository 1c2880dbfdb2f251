/**
 * One ECS environment of a service, in its stack: the image parameter its task definitions read,
 * the execution and task roles, the tasks' security group, and per process a log group, a task
 * definition, an ECS service with its scaling; for the HTTP process a target group and a rule on
 * the cluster's shared listener.
 */
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { DeliveryStack } from "../../constructs/delivery-stack";
import { LOG_RETENTION_DAYS } from "../../constructs/build-project";
import { Fn, Op, Token } from "../../constructs/private/cdktf";
import { assumeRolePolicy, policyDocument } from "../../constructs/private/iam";
import { jsonencode } from "../../constructs/private/terraform";
import type { RepositoryRef } from "../../plan/iam";
import { secretKeys } from "../../plan/secrets";
import { webTaskCheck, type EcsEnvironmentDeploy } from "./deploy";
import { EcsNames } from "./names";
import { listenerRulePriority } from "./priority";
import { executionRoleStatements, taskRoleStatements } from "./roles";
import { environmentUrl } from "./url";
import type {
  Cluster,
  EcsEnvironment,
  EcsProcessSettings,
  Process,
} from "./types";

/**
 * The image parameter's value until the pipeline records a deployed image: while it holds it,
 * every service of the environment runs no task and has no scaling (nothing to pull yet).
 */
export const IMAGE_NOT_RECORDED = "none";

/** AWS's ECS service principal for tasks. */
const ECS_TASKS = "ecs-tasks.amazonaws.com";

/** What the environment reads from the shared stack (found by name, no remote state). */
export interface SharedLoadBalancer {
  readonly listenerArn: string;
  readonly securityGroupId: string;
  readonly dnsName: string;
  /** `app/<name>/<id>`: names the load balancer in a scaling policy's resource label. */
  readonly arnSuffix: string;
}

export interface EcsEnvironmentDeploymentProps {
  readonly service: string;
  readonly port: number;
  readonly processes: readonly Process[];
  readonly environment: EcsEnvironment;
  readonly cluster: Cluster;
  readonly image: RepositoryRef;
  readonly kmsKeyArn: string;
  /** valueFrom by variable name; the parameters and secrets the execution role reads. */
  readonly secrets: {
    readonly valueFrom: Readonly<Record<string, string>>;
    readonly parameterArns: readonly string[];
    readonly secretArns: readonly string[];
  };
  /** The cluster's load balancer; present when the service has an HTTP process. */
  readonly loadBalancer?: SharedLoadBalancer;
}

export class EcsEnvironmentDeployment extends Construct {
  readonly imageParameter: SsmParameter;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  readonly services: Record<string, EcsService> = {};
  readonly deploy: EcsEnvironmentDeploy;

  constructor(
    scope: Construct,
    id: string,
    props: EcsEnvironmentDeploymentProps,
  ) {
    super(scope, id);
    const stack = DeliveryStack.of(this);
    const names = new EcsNames(stack.names);
    const { service, environment: env, cluster } = props;
    const clusterName = names.cluster(cluster.name);

    this.imageParameter = new SsmParameter(this, "image", {
      name: names.imageParameter(service, env.name),
      description: `The image ${service} runs in ${env.name}: written by its pipeline after each deploy, read by its task definitions`,
      type: "String",
      insecureValue: IMAGE_NOT_RECORDED,
      lifecycle: { ignoreChanges: ["insecure_value"] },
    });
    const image = this.imageParameter.insecureValue;
    const unrecorded = Op.eq(image, IMAGE_NOT_RECORDED);

    const processNames = Object.keys(env.processes).sort();
    const logGroups = Object.fromEntries(
      processNames.map((p) => [
        p,
        new CloudwatchLogGroup(this, `${p}-logs`, {
          name: names.logGroup(service, env.name, p),
          retentionInDays: LOG_RETENTION_DAYS,
          kmsKeyId: props.kmsKeyArn,
        }),
      ]),
    );

    this.executionRole = new IamRole(this, "execution-role", {
      name: names.executionRole(service, env.name),
      description: `Starts the tasks of ${service} ${env.name} (image, logs, secrets)`,
      assumeRolePolicy: assumeRolePolicy(ECS_TASKS, stack.accountId),
    });
    const executionPolicy = new IamRolePolicy(this, "execution-policy", {
      name: "execution",
      role: this.executionRole.name,
      policy: policyDocument(
        executionRoleStatements({
          imageArn: props.image.arn,
          logGroupArns: processNames.map((p) => logGroups[p].arn),
          parameterArns: props.secrets.parameterArns,
          secretArns: props.secrets.secretArns,
          secretKeys: secretKeys(Object.values(env.secrets)),
          region: stack.region,
        }),
      ),
    });
    this.taskRole = new IamRole(this, "task-role", {
      name: names.taskRole(service, env.name),
      description: `What the containers of ${service} ${env.name} may call`,
      assumeRolePolicy: assumeRolePolicy(ECS_TASKS, stack.accountId),
    });
    const taskStatements = taskRoleStatements({
      exec: env.exec,
      kmsKeyArn: props.kmsKeyArn,
    });
    const taskPolicy =
      taskStatements.length > 0
        ? new IamRolePolicy(this, "task-policy", {
            name: "task",
            role: this.taskRole.name,
            policy: policyDocument(taskStatements),
          })
        : undefined;

    const tasks = new SecurityGroup(this, "tasks", {
      name: names.taskSecurityGroup(service, env.name),
      description: `The tasks of ${service} ${env.name}: in only from the load balancer`,
      vpcId: cluster.network.vpcId,
    });
    // Out: the image registry, logs, secrets and whatever the app calls.
    new VpcSecurityGroupEgressRule(this, "tasks-out", {
      securityGroupId: tasks.id,
      description: "Anywhere",
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
    });

    const http = processNames.find(
      (p) => props.processes.find((q) => q.name === p)?.http,
    );
    let rule: LbListenerRule | undefined;
    let targetGroup: LbTargetGroup | undefined;
    if (http && env.http && props.loadBalancer) {
      const lb = props.loadBalancer;
      new VpcSecurityGroupIngressRule(this, "tasks-from-load-balancer", {
        securityGroupId: tasks.id,
        description: `The load balancer on ${props.port}`,
        ipProtocol: "tcp",
        fromPort: props.port,
        toPort: props.port,
        referencedSecurityGroupId: lb.securityGroupId,
      });
      new VpcSecurityGroupEgressRule(this, "load-balancer-to-tasks", {
        securityGroupId: lb.securityGroupId,
        description: `To ${service} ${env.name} on ${props.port}`,
        ipProtocol: "tcp",
        fromPort: props.port,
        toPort: props.port,
        referencedSecurityGroupId: tasks.id,
      });
      targetGroup = new LbTargetGroup(this, "target-group", {
        // A new port (ForceNew, as protocol, target_type and vpc_id) is a new target group:
        // named after the port and created first, then the listener rule and the ECS service
        // move to it in place, then the old one (no longer in use) is deleted.
        name: names.targetGroup(service, env.name, props.port),
        port: props.port,
        protocol: "HTTP",
        targetType: "ip",
        vpcId: cluster.network.vpcId,
        deregistrationDelay: String(env.http.deregistrationDelaySeconds),
        healthCheck: {
          enabled: true,
          path: env.http.healthCheckPath,
          protocol: "HTTP",
          matcher: "200-399",
        },
        lifecycle: { createBeforeDestroy: true },
      });
      rule = new LbListenerRule(this, "listener-rule", {
        listenerArn: lb.listenerArn,
        priority: listenerRulePriority(service, env.name, http, env.http),
        action: [{ type: "forward", targetGroupArn: targetGroup.arn }],
        condition: [
          ...(env.http.hosts.length > 0
            ? [{ hostHeader: { values: [...env.http.hosts] } }]
            : []),
          { pathPattern: { values: [...env.http.paths] } },
        ],
      });
    }

    for (const p of processNames) {
      const process = props.processes.find((q) => q.name === p)!;
      const settings = env.processes[p];
      const task = new EcsTaskDefinition(this, `${p}-task`, {
        family: names.taskFamily(service, env.name, p),
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(settings.cpu),
        memory: String(settings.memory),
        executionRoleArn: this.executionRole.arn,
        taskRoleArn: this.taskRole.arn,
        containerDefinitions: jsonencode([
          containerDefinition({
            process,
            image,
            port: p === http ? props.port : undefined,
            variables: env.variables,
            secrets: props.secrets.valueFrom,
            logGroup: logGroups[p].name,
            region: stack.region,
          }),
        ]),
        // The pipeline registers the revisions that run; Terraform follows the newest
        // (track_latest) and keeps old ones for rollbacks (skip_destroy).
        trackLatest: true,
        skipDestroy: true,
      });
      const scales = settings.count.min < settings.count.max;
      const serviceName = names.service(service, env.name, p);
      const ecsService = new EcsService(this, `${p}-service`, {
        name: serviceName,
        cluster: stack.arn("ecs", `cluster/${clusterName}`),
        taskDefinition: task.arn,
        launchType: "FARGATE",
        desiredCount: Token.asNumber(
          Fn.conditional(unrecorded, 0, settings.count.min),
        ),
        deploymentMinimumHealthyPercent: env.deployment.minHealthyPercent,
        deploymentMaximumPercent: env.deployment.maxPercent,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        enableExecuteCommand: env.exec,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        networkConfiguration: {
          subnets: [...cluster.network.taskSubnets],
          securityGroups: [tasks.id],
          assignPublicIp: cluster.network.assignPublicIp,
        },
        ...(p === http &&
          targetGroup &&
          env.http && {
            loadBalancer: [
              {
                targetGroupArn: targetGroup.arn,
                containerName: p,
                containerPort: props.port,
              },
            ],
            healthCheckGracePeriodSeconds:
              env.http.healthCheckGracePeriodSeconds,
          }),
        // Scaling owns the count once it exists.
        ...(scales && { lifecycle: { ignoreChanges: ["desired_count"] } }),
        // A target group must be on a listener before a service may use it; the policies
        // outlive the service on delete (tasks stop with their permissions still there).
        dependsOn: [
          executionPolicy,
          ...(taskPolicy ? [taskPolicy] : []),
          ...(p === http && rule ? [rule] : []),
        ],
      });
      this.services[p] = ecsService;
      if (scales)
        this.scaling(
          p,
          settings,
          clusterName,
          ecsService,
          unrecorded,
          p === http && targetGroup && props.loadBalancer
            ? `${props.loadBalancer.arnSuffix}/${targetGroup.arnSuffix}`
            : undefined,
        );
    }

    this.deploy = {
      key: env.name,
      environmentName: env.name,
      approval: env.approval,
      clusterName,
      processes: processNames.map((p) => ({
        process: p,
        serviceName: names.service(service, env.name, p),
        serviceNameRef: this.services[p].name,
      })),
      imageParameter: names.imageParameter(service, env.name),
      ...(env.http &&
        props.loadBalancer &&
        http && {
          url: environmentUrl(cluster, env.http, props.loadBalancer.dnsName),
          smokeSkip: webTaskCheck(
            clusterName,
            names.service(service, env.name, http),
          ),
        }),
    };
  }

  /**
   * Target tracking on CPU (and on requests per target, for the HTTP process when asked), from
   * the first recorded image on: registering the target moves the count into [min, max].
   * Requests per target are counted per target group: the policy names it (and its load
   * balancer) in a resource label, which PutScalingPolicy requires for that metric.
   * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html
   * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html
   * @param requestsLabel `app/<lb name>/<lb id>/targetgroup/<tg name>/<tg id>`: the HTTP
   *   process's target group, whose requests it may scale on
   */
  private scaling(
    p: string,
    settings: EcsProcessSettings,
    clusterName: string,
    ecsService: EcsService,
    unrecorded: unknown,
    requestsLabel: string | undefined,
  ): void {
    const count = Token.asNumber(Fn.conditional(unrecorded, 0, 1));
    const resourceId = `service/${clusterName}/${ecsService.name}`;
    const target = new AppautoscalingTarget(this, `${p}-scaling`, {
      count,
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId,
      minCapacity: settings.count.min,
      maxCapacity: settings.count.max,
    });
    const policies: [string, string, number | undefined, string?][] = [
      ["cpu", "ECSServiceAverageCPUUtilization", settings.count.cpuTarget],
    ];
    if (requestsLabel !== undefined)
      policies.push([
        "requests",
        "ALBRequestCountPerTarget",
        settings.count.requestsPerTarget,
        requestsLabel,
      ]);
    for (const [id, metric, value, resourceLabel] of policies) {
      if (value === undefined) continue;
      new AppautoscalingPolicy(this, `${p}-scaling-${id}`, {
        count,
        name: `${ecsService.name}-${id}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId,
        targetTrackingScalingPolicyConfiguration: {
          targetValue: value,
          predefinedMetricSpecification: {
            predefinedMetricType: metric,
            ...(resourceLabel !== undefined && { resourceLabel }),
          },
        },
        dependsOn: [target],
      });
    }
  }
}

/** The container of one process, in ECS's RegisterTaskDefinition shape (sorted, no nulls). */
export function containerDefinition(props: {
  readonly process: Process;
  readonly image: string;
  readonly port?: number;
  readonly variables: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  readonly logGroup: string;
  readonly region: string;
}): Record<string, unknown> {
  const { process } = props;
  const sorted = (record: Readonly<Record<string, string>>) =>
    Object.keys(record).sort();
  return {
    name: process.name,
    image: props.image,
    essential: true,
    ...(process.command && { command: [...process.command] }),
    ...(props.port !== undefined && {
      portMappings: [{ containerPort: props.port, protocol: "tcp" }],
    }),
    ...(sorted(props.variables).length > 0 && {
      environment: sorted(props.variables).map((name) => ({
        name,
        value: props.variables[name],
      })),
    }),
    ...(sorted(props.secrets).length > 0 && {
      secrets: sorted(props.secrets).map((name) => ({
        name,
        valueFrom: props.secrets[name],
      })),
    }),
    ...(process.stopTimeoutSeconds !== undefined && {
      stopTimeout: process.stopTimeoutSeconds,
    }),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": props.logGroup,
        "awslogs-region": props.region,
        "awslogs-stream-prefix": process.name,
      },
    },
  };
}
