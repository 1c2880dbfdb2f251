/**
 * Renders a service's ECS environments into its stack (EcsEnvironmentDeployment each, with
 * their outputs), and every cluster the catalogue declares into the shared stack.
 */
import { DataAwsLb } from "@cdktf/provider-aws/lib/data-aws-lb";
import { DataAwsLbListener } from "@cdktf/provider-aws/lib/data-aws-lb-listener";
import { DataAwsSecurityGroup } from "@cdktf/provider-aws/lib/data-aws-security-group";
import type { Catalogue, SecretRef } from "../../config/catalogue";
import type { DeliveryStack } from "../../constructs/delivery-stack";
import { TerraformOutput } from "../../constructs/private/cdktf";
import { escapeTerraform } from "../../constructs/private/terraform";
import { required } from "../../plan/required";
import { parameterArn } from "../../plan/secrets";
import {
  DeploymentProps,
  secretsManagerSecretArn,
  TargetRendering,
} from "../rendering";
import { EcsSharedCluster, serviceListenerPort } from "./cluster";
import type { EcsDeploy } from "./deploy";
import { EcsEnvironmentDeployment, SharedLoadBalancer } from "./environment";
import { clusterConstructId } from "./cluster-id";
import { EcsNames } from "./names";
import { valueFrom } from "./secrets";
import { entryPath, exactHost } from "./url";
import type { Cluster } from "./types";
import { ecsEnvironments } from "./view";

export function renderEcs(
  stack: DeliveryStack,
  props: DeploymentProps,
): TargetRendering {
  const { catalogue, service } = props;
  const names = new EcsNames(props.names);
  const processes = service.processes;
  const clusters = catalogue.clusters;
  const lookups = new Map<string, SharedLoadBalancer>();
  const secretLookups = new Map<string, string>();
  const environments = ecsEnvironments(service).map((env) => {
    const cluster = required(
      clusters.find((c) => c.name === env.cluster),
      `cluster ${env.cluster}`,
    );
    const loadBalancer = env.http
      ? (lookups.get(cluster.name) ??
        lookupLoadBalancer(stack, names, cluster, lookups))
      : undefined;
    const deployment = new EcsEnvironmentDeployment(stack, `ecs-${env.name}`, {
      service: service.name,
      port: service.port,
      processes,
      environment: env,
      cluster,
      names,
      image: props.image,
      kmsKeyArn: props.kmsKeyArn,
      secrets: environmentSecrets(stack, env.secrets, secretLookups),
      ...(loadBalancer && { loadBalancer }),
    });
    new TerraformOutput(stack, `ecs-${env.name}-cluster`, {
      description: `The ECS cluster of the ${env.name} environment`,
      value: deployment.deploy.clusterName,
    });
    new TerraformOutput(stack, `ecs-${env.name}-services`, {
      description: `The ECS services of the ${env.name} environment, one per process`,
      value: deployment.deploy.processes.map((p) => p.serviceName).join(","),
    });
    const url = deployment.deploy.url;
    if (env.http && url !== undefined) {
      // An address its own listener rule answers (not another service's on the same host).
      const wildcards =
        env.http.hosts.length > 0 && exactHost(env.http) === undefined;
      new TerraformOutput(stack, `ecs-${env.name}-url`, {
        description: wildcards
          ? `The load balancer of the ${env.name} environment, which answers it for hosts matching ${env.http.hosts.join(", ")}`
          : `Endpoint of the ${env.name} environment`,
        value: `${url}${entryPath(env.http)}`,
      });
    }
    return deployment;
  });
  const deploy: EcsDeploy = {
    kind: "ecs",
    environments: environments.map((e) => e.deploy),
    taskFamilies: ecsEnvironments(service).flatMap((env) =>
      Object.keys(env.processes)
        .sort()
        .map((p) => names.taskFamily(service.name, env.name, p)),
    ),
    taskRoleArns: environments.flatMap((e) => [
      e.executionRole.arn,
      e.taskRole.arn,
    ]),
  };
  return {
    deploy,
    recordParameterArns: environments.map((e) => e.imageParameter.arn),
  };
}

/** The cluster's load balancer, listener and security group, found by name. */
function lookupLoadBalancer(
  stack: DeliveryStack,
  names: EcsNames,
  cluster: Cluster,
  lookups: Map<string, SharedLoadBalancer>,
): SharedLoadBalancer {
  const id = clusterConstructId(cluster.name);
  const lb = new DataAwsLb(stack, `${id}-load-balancer`, {
    name: names.loadBalancer(cluster.name),
  });
  const listener = new DataAwsLbListener(stack, `${id}-listener`, {
    loadBalancerArn: lb.arn,
    port: serviceListenerPort(cluster),
  });
  const securityGroup = new DataAwsSecurityGroup(
    stack,
    `${id}-load-balancer-security-group`,
    {
      name: names.loadBalancerSecurityGroup(cluster.name),
      vpcId: cluster.network.vpcId,
    },
  );
  const found = {
    listenerArn: listener.arn,
    securityGroupId: securityGroup.id,
    dnsName: lb.dnsName,
    arnSuffix: lb.arnSuffix,
  };
  lookups.set(cluster.name, found);
  return found;
}

/**
 * An environment's secrets: each variable's valueFrom, and what its execution role reads. A
 * Secrets Manager secret named by several environments is looked up once.
 */
function environmentSecrets(
  stack: DeliveryStack,
  secrets: Readonly<Record<string, SecretRef>>,
  lookups: Map<string, string>,
) {
  const out: Record<string, string> = {};
  const parameterArns = new Set<string>();
  const secretArns = new Set<string>();
  for (const name of Object.keys(secrets).sort()) {
    const ref = secrets[name];
    let grant: string;
    if (ref.store === "ssm") {
      grant = parameterArn(stack.scope, ref.name, escapeTerraform);
      parameterArns.add(grant);
    } else {
      grant =
        lookups.get(ref.secretId) ??
        secretsManagerSecretArn(stack, ref.secretId, "ecs-secret-");
      lookups.set(ref.secretId, grant);
      secretArns.add(grant);
    }
    out[name] = valueFrom(ref, grant);
  }
  return {
    valueFrom: out,
    parameterArns: [...parameterArns],
    secretArns: [...secretArns],
  };
}

/**
 * Every cluster `clusters` declares, in the shared stack, used or not: what is declared exists.
 * The shared stack applies before the service stacks, so a cluster kept only while something
 * used it would be destroyed (cluster, load balancer, listeners, security group) in the same
 * apply order that later destroys or moves its last ECS services: ECS refuses DeleteCluster while
 * the cluster holds services, EC2 DeleteSecurityGroup while the tasks' security groups still
 * refer to the load balancer's. A cluster leaves with its entry, once nothing runs on it
 * (the rule cluster-removed-in-use, and the comparison with the previous output, check that).
 */
export function renderEcsClusters(
  stack: DeliveryStack,
  catalogue: Catalogue,
  names: EcsNames,
  kmsKeyArn: string,
): void {
  for (const cluster of catalogue.clusters)
    new EcsSharedCluster(stack, clusterConstructId(cluster.name), {
      names,
      cluster,
      kmsKeyArn,
    });
}
