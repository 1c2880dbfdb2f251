/**
 * What the ECS services of one clusters entry share, in the shared stack: the ECS cluster
 * (Container Insights on, ECS Exec sessions encrypted with the catalogue's key) and one
 * Application Load Balancer with its security group and listeners. Services add their own
 * listener rules, target groups and security group rules from their stacks, so adding a service
 * never changes this stack.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
 */
import { DataAwsVpc } from "@cdktf/provider-aws/lib/data-aws-vpc";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { TerraformOutput } from "../../constructs/private/cdktf";
import { EcsNames } from "./names";
import type { Cluster } from "./types";

/** Ports of the load balancer's listeners. */
export const HTTP_PORT = 80;
export const HTTPS_PORT = 443;

/** What a listener answers when no service's rule matches. */
const NOT_FOUND = {
  type: "fixed-response",
  fixedResponse: {
    contentType: "text/plain",
    messageBody: "Not Found",
    statusCode: "404",
  },
};

/** The listener services add their rules to: HTTPS when the cluster has a certificate. */
export function serviceListenerPort(cluster: Cluster): number {
  return cluster.https ? HTTPS_PORT : HTTP_PORT;
}

export interface EcsSharedClusterProps {
  /** The ECS names of the catalogue. */
  readonly names: EcsNames;
  readonly cluster: Cluster;
  readonly kmsKeyArn: string;
}

export class EcsSharedCluster extends Construct {
  readonly cluster: EcsCluster;
  readonly loadBalancer: Lb;
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: EcsSharedClusterProps) {
    super(scope, id);
    const { cluster } = props;
    const { names } = props;
    this.cluster = new EcsCluster(this, "cluster", {
      name: names.cluster(cluster.name),
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        executeCommandConfiguration: {
          kmsKeyId: props.kmsKeyArn,
          logging: "DEFAULT",
        },
      },
    });
    const network = cluster.network;
    this.securityGroup = new SecurityGroup(
      this,
      "load-balancer-security-group",
      {
        name: names.loadBalancerSecurityGroup(cluster.name),
        description: `The ${names.cluster(cluster.name)} load balancer: clients in, services' tasks out`,
        vpcId: network.vpcId,
      },
    );
    // Public: anyone; internal: the VPC's own addresses.
    const clients =
      network.loadBalancerScheme === "public"
        ? "0.0.0.0/0"
        : new DataAwsVpc(this, "vpc", { id: network.vpcId }).cidrBlock;
    const ports = cluster.https ? [HTTP_PORT, HTTPS_PORT] : [HTTP_PORT];
    for (const port of ports) {
      new VpcSecurityGroupIngressRule(this, `clients-${port}`, {
        securityGroupId: this.securityGroup.id,
        description: `Clients on ${port}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        cidrIpv4: clients,
      });
    }
    this.loadBalancer = new Lb(this, "load-balancer", {
      name: names.loadBalancer(cluster.name),
      loadBalancerType: "application",
      internal: network.loadBalancerScheme === "internal",
      subnets: [...network.loadBalancerSubnets],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: cluster.deletionProtection,
      idleTimeout: cluster.idleTimeoutSeconds,
    });
    if (cluster.https) {
      new LbListener(this, "http-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: HTTP_PORT,
        protocol: "HTTP",
        defaultAction: [
          {
            type: "redirect",
            redirect: {
              protocol: "HTTPS",
              port: String(HTTPS_PORT),
              statusCode: "HTTP_301",
            },
          },
        ],
      });
      new LbListener(this, "https-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: HTTPS_PORT,
        protocol: "HTTPS",
        sslPolicy: cluster.https.sslPolicy,
        certificateArn: cluster.https.certificateArn,
        defaultAction: [NOT_FOUND],
      });
    } else {
      new LbListener(this, "http-listener", {
        loadBalancerArn: this.loadBalancer.arn,
        port: HTTP_PORT,
        protocol: "HTTP",
        defaultAction: [NOT_FOUND],
      });
    }
    new TerraformOutput(scope, `${id}-load-balancer`, {
      description: `DNS name of the ${cluster.name} load balancer (point the services' hosts here)`,
      value: this.loadBalancer.dnsName,
    });
  }
}
