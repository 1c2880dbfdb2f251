/** Small typed ECS catalogue pieces for the ECS target's tests (no YAML). */
import type {
  Cluster,
  EcsEnvironment,
  Process,
} from "../../../targets/ecs/types";

export const PROCESSES: readonly Process[] = [
  {
    name: "sidekiq",
    http: false,
    command: ["bundle", "exec", "sidekiq", "-C", "config/sidekiq.yml"],
    stopTimeoutSeconds: 120,
  },
  { name: "web", http: true },
];

export function cluster(overrides: Partial<Cluster> = {}): Cluster {
  return {
    name: "production",
    network: {
      vpcId: "vpc-0a1b2c3d4e5f67890",
      taskSubnets: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
      loadBalancerSubnets: [
        "subnet-0a1b2c3d4e5f60101",
        "subnet-0a1b2c3d4e5f60102",
      ],
      loadBalancerScheme: "public",
      assignPublicIp: false,
    },
    https: {
      certificateArn:
        "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    },
    deletionProtection: true,
    idleTimeoutSeconds: 60,
    ...overrides,
  };
}

export function environment(
  overrides: Partial<EcsEnvironment> = {},
): EcsEnvironment {
  return {
    name: "production",
    kind: "ecs",
    approval: true,
    cluster: "production",
    http: {
      hosts: ["rails.acme.io"],
      paths: ["/*"],
      healthCheckPath: "/health",
      deregistrationDelaySeconds: 30,
      healthCheckGracePeriodSeconds: 60,
    },
    processes: {
      web: { cpu: 512, memory: 1024, count: { min: 2, max: 6, cpuTarget: 70 } },
      sidekiq: { cpu: 1024, memory: 2048, count: { min: 1, max: 1 } },
    },
    exec: false,
    deployment: { minHealthyPercent: 100, maxPercent: 200 },
    variables: { RAILS_ENV: "production" },
    secrets: {
      DATABASE_URL: {
        store: "secretsmanager",
        secretId: "rails/db",
        jsonKey: "url",
      },
      RAILS_MASTER_KEY: { store: "ssm", name: "/rails/master-key" },
    },
    ...overrides,
  };
}
