/**
 * One ECS environment of a service (EcsEnvironmentDeployment) and a cluster (EcsSharedCluster),
 * each in a small stack of its own: every resource's attributes pinned.
 */
import { App, Testing } from "../../../constructs/private/cdktf";
import { DeliveryStack } from "../../../constructs/delivery-stack";
import {
  containerDefinition,
  EcsEnvironmentDeployment,
  EcsEnvironmentDeploymentProps,
} from "../../../targets/ecs/environment";
import { Names } from "../../../plan/names";
import { EcsNames } from "../../../targets/ecs/names";
import { documentsAsJson } from "../../support/jsonencode";
import type { Json } from "../../support/synth";
import { cluster, environment, PROCESSES } from "./builders";

function stack(): DeliveryStack {
  return new DeliveryStack(new App(), "test", {
    organisation: "acme",
    region: "eu-west-1",
    tags: {},
    state: { kind: "local", path: "terraform.tfstate" },
  });
}

const ACCOUNT = "${data.aws_caller_identity.current.account_id}";
const REPOSITORY = {
  name: "acme/rails-app",
  arn: "arn:aws:ecr:eu-west-1:111122223333:repository/acme/rails-app",
  url: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme/rails-app",
};
const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";
const SECRET_ARN =
  "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rails/db-AbCdEf";
const PARAMETER_ARN =
  "arn:aws:ssm:eu-west-1:111122223333:parameter/rails/master-key";

function props(
  overrides: Partial<EcsEnvironmentDeploymentProps> = {},
): EcsEnvironmentDeploymentProps {
  return {
    service: "rails-app",
    port: 8080,
    processes: PROCESSES,
    environment: environment(),
    cluster: cluster(),
    names: new EcsNames(new Names("acme")),
    image: REPOSITORY,
    kmsKeyArn: KEY,
    secrets: {
      valueFrom: {
        DATABASE_URL: `${SECRET_ARN}:url::`,
        RAILS_MASTER_KEY: PARAMETER_ARN,
      },
      parameterArns: [PARAMETER_ARN],
      secretArns: [SECRET_ARN],
    },
    loadBalancer: {
      listenerArn: "LISTENER",
      securityGroupId: "ALB_SG",
      dnsName: "ALB_DNS",
      arnSuffix: "app/acme-production/50dc6c495c0c9188",
    },
    ...overrides,
  };
}

function synth(p = props()): Json {
  const s = stack();
  new EcsEnvironmentDeployment(s, "ecs-production", p);
  return documentsAsJson(JSON.parse(Testing.synth(s)));
}

const PARAM = "${aws_ssm_parameter.ecs-production_image.insecure_value}";
const UNRECORDED =
  '(aws_ssm_parameter.ecs-production_image.insecure_value == "none")';

describe("an ECS environment with a web and a sidekiq process", () => {
  const out = synth();
  const r = out.resource;

  test("the image parameter: a String starting at the sentinel, the pipeline's writes ignored", () => {
    expect(r.aws_ssm_parameter["ecs-production_image"]).toMatchObject({
      name: "/acme/rails-app/production/image",
      type: "String",
      insecure_value: "none",
      lifecycle: { ignore_changes: ["insecure_value"] },
    });
  });

  test("a log group per process: KMS-encrypted, kept a year", () => {
    expect(
      Object.fromEntries(
        Object.entries(r.aws_cloudwatch_log_group).map(([k, v]) => [
          k,
          {
            name: (v as Json).name,
            retention_in_days: (v as Json).retention_in_days,
            kms_key_id: (v as Json).kms_key_id,
          },
        ]),
      ),
    ).toEqual({
      "ecs-production_sidekiq-logs": {
        name: "/ecs/acme-rails-app-production-sidekiq",
        retention_in_days: 365,
        kms_key_id: KEY,
      },
      "ecs-production_web-logs": {
        name: "/ecs/acme-rails-app-production-web",
        retention_in_days: 365,
        kms_key_id: KEY,
      },
    });
  });

  test("task definitions: Fargate, awsvpc, sizes as strings, both roles, the newest revision tracked and old ones kept", () => {
    const web = r.aws_ecs_task_definition["ecs-production_web-task"];
    expect(web).toMatchObject({
      family: "acme-rails-app-production-web",
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "512",
      memory: "1024",
      execution_role_arn: "${aws_iam_role.ecs-production_execution-role.arn}",
      task_role_arn: "${aws_iam_role.ecs-production_task-role.arn}",
      track_latest: true,
      skip_destroy: true,
    });
    expect(web.lifecycle).toBeUndefined();
    const sidekiq = r.aws_ecs_task_definition["ecs-production_sidekiq-task"];
    expect([sidekiq.cpu, sidekiq.memory]).toEqual(["1024", "2048"]);
  });

  test("containers: named after the process, the image from the parameter, secrets by ARN, awslogs into the process's group", () => {
    const web = JSON.parse(
      r.aws_ecs_task_definition["ecs-production_web-task"]
        .container_definitions,
    );
    expect(web).toEqual([
      {
        name: "web",
        image: PARAM,
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: "tcp" }],
        environment: [{ name: "RAILS_ENV", value: "production" }],
        secrets: [
          { name: "DATABASE_URL", valueFrom: `${SECRET_ARN}:url::` },
          { name: "RAILS_MASTER_KEY", valueFrom: PARAMETER_ARN },
        ],
        logConfiguration: {
          logDriver: "awslogs",
          options: {
            "awslogs-group":
              "${aws_cloudwatch_log_group.ecs-production_web-logs.name}",
            "awslogs-region": "eu-west-1",
            "awslogs-stream-prefix": "web",
          },
        },
      },
    ]);
    const sidekiq = JSON.parse(
      r.aws_ecs_task_definition["ecs-production_sidekiq-task"]
        .container_definitions,
    );
    expect(sidekiq[0]).toMatchObject({
      name: "sidekiq",
      image: PARAM,
      command: ["bundle", "exec", "sidekiq", "-C", "config/sidekiq.yml"],
      stopTimeout: 120,
    });
    expect(sidekiq[0].portMappings).toBeUndefined();
  });

  test("services: Fargate in the task subnets, circuit breaker with rollback, no task until an image is recorded", () => {
    const web = r.aws_ecs_service["ecs-production_web-service"];
    expect(web).toEqual({
      name: "rails-app-production-web",
      cluster: `arn:aws:ecs:eu-west-1:${ACCOUNT}:cluster/acme-production`,
      task_definition: "${aws_ecs_task_definition.ecs-production_web-task.arn}",
      launch_type: "FARGATE",
      desired_count: `\${${UNRECORDED} ? 0 : 2}`,
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      deployment_circuit_breaker: { enable: true, rollback: true },
      enable_execute_command: false,
      propagate_tags: "SERVICE",
      enable_ecs_managed_tags: true,
      network_configuration: {
        subnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
        security_groups: ["${aws_security_group.ecs-production_tasks.id}"],
        assign_public_ip: false,
      },
      load_balancer: [
        {
          target_group_arn:
            "${aws_lb_target_group.ecs-production_target-group.arn}",
          container_name: "web",
          container_port: 8080,
        },
      ],
      health_check_grace_period_seconds: 60,
      lifecycle: { ignore_changes: ["desired_count"] },
      depends_on: [
        "aws_iam_role_policy.ecs-production_execution-policy",
        "aws_lb_listener_rule.ecs-production_listener-rule",
      ],
    });
    const sidekiq = r.aws_ecs_service["ecs-production_sidekiq-service"];
    expect(sidekiq.desired_count).toBe(`\${${UNRECORDED} ? 0 : 1}`);
    // A fixed count: no scaling, so Terraform owns the count.
    expect(sidekiq.lifecycle).toBeUndefined();
    expect(sidekiq.load_balancer).toBeUndefined();
    expect(sidekiq.health_check_grace_period_seconds).toBeUndefined();
    expect(sidekiq.depends_on).toEqual([
      "aws_iam_role_policy.ecs-production_execution-policy",
    ]);
  });

  test("target group and listener rule for the web process", () => {
    expect(r.aws_lb_target_group["ecs-production_target-group"]).toEqual({
      name: "acme-rails-app-production-8080",
      port: 8080,
      protocol: "HTTP",
      target_type: "ip",
      vpc_id: "vpc-0a1b2c3d4e5f67890",
      deregistration_delay: "30",
      health_check: {
        enabled: true,
        path: "/health",
        protocol: "HTTP",
        matcher: "200-399",
      },
      // A new port is a new target group: created (under its new name) before the old one
      // is deleted, which only then is no longer in use.
      lifecycle: { create_before_destroy: true },
    });
    const rule = r.aws_lb_listener_rule["ecs-production_listener-rule"];
    expect(rule).toEqual({
      listener_arn: "LISTENER",
      priority: expect.any(Number),
      action: [
        {
          type: "forward",
          target_group_arn:
            "${aws_lb_target_group.ecs-production_target-group.arn}",
        },
      ],
      condition: [
        { host_header: { values: ["rails.acme.io"] } },
        { path_pattern: { values: ["/*"] } },
      ],
    });
    // an exact host with every path: the exact-host band
    expect(rule.priority).toBeGreaterThanOrEqual(25001);
    expect(rule.priority).toBeLessThanOrEqual(37499);
  });

  test("the tasks' security group admits only the load balancer's, on the port; the load balancer may reach them", () => {
    expect(r.aws_security_group["ecs-production_tasks"]).toMatchObject({
      name: "acme-rails-app-production-tasks",
      vpc_id: "vpc-0a1b2c3d4e5f67890",
    });
    expect(
      r.aws_security_group["ecs-production_tasks"].ingress,
    ).toBeUndefined();
    expect(r.aws_vpc_security_group_ingress_rule).toEqual({
      "ecs-production_tasks-from-load-balancer": {
        security_group_id: "${aws_security_group.ecs-production_tasks.id}",
        description: "The load balancer on 8080",
        ip_protocol: "tcp",
        from_port: 8080,
        to_port: 8080,
        referenced_security_group_id: "ALB_SG",
      },
    });
    expect(
      r.aws_vpc_security_group_egress_rule[
        "ecs-production_load-balancer-to-tasks"
      ],
    ).toMatchObject({
      security_group_id: "ALB_SG",
      from_port: 8080,
      to_port: 8080,
      referenced_security_group_id:
        "${aws_security_group.ecs-production_tasks.id}",
    });
  });

  test("auto scaling: CPU target tracking for a process with min < max, only once an image is recorded", () => {
    expect(r.aws_appautoscaling_target).toEqual({
      "ecs-production_web-scaling": {
        count: `\${${UNRECORDED} ? 0 : 1}`,
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        resource_id:
          "service/acme-production/${aws_ecs_service.ecs-production_web-service.name}",
        min_capacity: 2,
        max_capacity: 6,
      },
    });
    expect(r.aws_appautoscaling_policy).toEqual({
      "ecs-production_web-scaling-cpu": {
        count: `\${${UNRECORDED} ? 0 : 1}`,
        name: "${aws_ecs_service.ecs-production_web-service.name}-cpu",
        policy_type: "TargetTrackingScaling",
        service_namespace: "ecs",
        scalable_dimension: "ecs:service:DesiredCount",
        resource_id:
          "service/acme-production/${aws_ecs_service.ecs-production_web-service.name}",
        target_tracking_scaling_policy_configuration: {
          target_value: 70,
          predefined_metric_specification: {
            predefined_metric_type: "ECSServiceAverageCPUUtilization",
          },
        },
        depends_on: ["aws_appautoscaling_target.ecs-production_web-scaling"],
      },
    });
  });

  test("roles: both trusted by ECS tasks of this account; the execution role pulls, logs and reads exactly its secrets; the task role has no policy", () => {
    const trust = JSON.parse(
      r.aws_iam_role["ecs-production_execution-role"].assume_role_policy,
    );
    expect(trust.Statement).toEqual([
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: "ecs-tasks.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    expect(r.aws_iam_role["ecs-production_execution-role"].name).toBe(
      "acme-rails-app-production-execution",
    );
    expect(r.aws_iam_role["ecs-production_task-role"].name).toBe(
      "acme-rails-app-production-task",
    );
    expect(
      JSON.parse(
        r.aws_iam_role_policy["ecs-production_execution-policy"].policy,
      ).Statement,
    ).toEqual([
      {
        Sid: "EcrLogin",
        Effect: "Allow",
        Action: "ecr:GetAuthorizationToken",
        Resource: "*",
      },
      {
        Sid: "PullOwnImage",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:GetDownloadUrlForLayer",
        ],
        Resource: REPOSITORY.arn,
      },
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [
          "${aws_cloudwatch_log_group.ecs-production_sidekiq-logs.arn}:*",
          "${aws_cloudwatch_log_group.ecs-production_web-logs.arn}:*",
        ],
      },
      {
        Sid: "ReadEnvironmentParameters",
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: PARAMETER_ARN,
      },
      {
        Sid: "ReadEnvironmentSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: SECRET_ARN,
      },
    ]);
    expect(r.aws_iam_role_policy["ecs-production_task-policy"]).toBeUndefined();
  });
});

test("with exec: ECS Exec on the services, the task role gets the four ssmmessages actions and the session key", () => {
  const r = synth(props({ environment: environment({ exec: true }) })).resource;
  expect(
    r.aws_ecs_service["ecs-production_web-service"].enable_execute_command,
  ).toBe(true);
  expect(
    JSON.parse(r.aws_iam_role_policy["ecs-production_task-policy"].policy)
      .Statement,
  ).toEqual([
    {
      Sid: "ExecSessions",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      Sid: "DecryptExecSessions",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: KEY,
    },
  ]);
  expect(r.aws_ecs_service["ecs-production_web-service"].depends_on).toContain(
    "aws_iam_role_policy.ecs-production_task-policy",
  );
});

test("a worker-only service: no target group, rule, ingress or grace period", () => {
  const r = synth(
    props({
      processes: [PROCESSES[0]],
      environment: environment({
        http: undefined,
        processes: {
          sidekiq: { cpu: 256, memory: 512, count: { min: 1, max: 1 } },
        },
      }),
      loadBalancer: undefined,
    }),
  ).resource;
  expect(r.aws_lb_target_group).toBeUndefined();
  expect(r.aws_lb_listener_rule).toBeUndefined();
  expect(r.aws_vpc_security_group_ingress_rule).toBeUndefined();
  expect(Object.keys(r.aws_ecs_service)).toEqual([
    "ecs-production_sidekiq-service",
  ]);
});

test("a new port: a target group of another name, the rule and the service follow it", () => {
  const r = synth(props({ port: 3000 })).resource;
  expect(r.aws_lb_target_group["ecs-production_target-group"]).toMatchObject({
    name: "acme-rails-app-production-3000",
    port: 3000,
    lifecycle: { create_before_destroy: true },
  });
  const ref = "${aws_lb_target_group.ecs-production_target-group.arn}";
  expect(
    r.aws_lb_listener_rule["ecs-production_listener-rule"].action[0]
      .target_group_arn,
  ).toBe(ref);
  expect(r.aws_ecs_service["ecs-production_web-service"].load_balancer).toEqual(
    [{ target_group_arn: ref, container_name: "web", container_port: 3000 }],
  );
});

test("requests per target: a second target-tracking policy on the web process", () => {
  const env = environment();
  const r = synth(
    props({
      environment: {
        ...env,
        processes: {
          ...env.processes,
          web: {
            cpu: 512,
            memory: 1024,
            count: { min: 2, max: 6, cpuTarget: 70, requestsPerTarget: 500 },
          },
        },
      },
    }),
  ).resource;
  expect(
    r.aws_appautoscaling_policy["ecs-production_web-scaling-requests"]
      .target_tracking_scaling_policy_configuration,
  ).toEqual({
    target_value: 500,
    predefined_metric_specification: {
      predefined_metric_type: "ALBRequestCountPerTarget",
      // PutScalingPolicy refuses the metric without it: the load balancer's and the target
      // group's ARN suffixes.
      resource_label:
        "app/acme-production/50dc6c495c0c9188/${aws_lb_target_group.ecs-production_target-group.arn_suffix}",
    },
  });
});

test("container definition of a process without variables or secrets has neither key", () => {
  expect(
    containerDefinition({
      process: { name: "web", http: true },
      image: "i",
      variables: {},
      secrets: {},
      logGroup: "g",
      region: "eu-west-1",
    }),
  ).toEqual({
    name: "web",
    image: "i",
    essential: true,
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": "g",
        "awslogs-region": "eu-west-1",
        "awslogs-stream-prefix": "web",
      },
    },
  });
});
