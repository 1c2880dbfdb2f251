/** EcsSharedCluster: the ECS cluster and the shared load balancer of a clusters entry. */
import { App, Testing } from "../../../constructs/private/cdktf";
import { DeliveryStack } from "../../../constructs/delivery-stack";
import { Names } from "../../../plan/names";
import { EcsSharedCluster } from "../../../targets/ecs/cluster";
import { EcsNames } from "../../../targets/ecs/names";
import type { Cluster } from "../../../targets/ecs/types";
import type { Json } from "../../support/synth";
import { cluster } from "./builders";

const KEY = "arn:aws:kms:eu-west-1:111122223333:key/k";

function synth(c: Cluster): Json {
  const s = new DeliveryStack(new App(), "test", {
    organisation: "acme",
    region: "eu-west-1",
    tags: {},
    state: { kind: "local", path: "terraform.tfstate" },
  });
  new EcsSharedCluster(s, "ecs-cluster-production", {
    names: new EcsNames(new Names("acme")),
    cluster: c,
    kmsKeyArn: KEY,
  });
  return JSON.parse(Testing.synth(s));
}

const ID = "ecs-cluster-production";

describe("a cluster with a certificate", () => {
  const out = synth(cluster());
  const r = out.resource;

  test("ECS cluster: Container Insights on, exec sessions under the catalogue's key", () => {
    expect(r.aws_ecs_cluster[`${ID}_cluster`]).toEqual({
      name: "acme-production",
      setting: [{ name: "containerInsights", value: "enabled" }],
      configuration: {
        execute_command_configuration: { kms_key_id: KEY, logging: "DEFAULT" },
      },
    });
  });

  test("load balancer: public, dropping invalid headers, protected from deletion", () => {
    expect(r.aws_lb[`${ID}_load-balancer`]).toEqual({
      name: "acme-production",
      load_balancer_type: "application",
      internal: false,
      subnets: ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"],
      security_groups: [
        `\${aws_security_group.${ID}_load-balancer-security-group.id}`,
      ],
      drop_invalid_header_fields: true,
      enable_deletion_protection: true,
      idle_timeout: 60,
    });
  });

  test("listeners: :80 redirects to HTTPS, :443 with the TLS 1.3 policy answers 404 unless a rule matches", () => {
    const lb = `\${aws_lb.${ID}_load-balancer.arn}`;
    expect(r.aws_lb_listener).toEqual({
      [`${ID}_http-listener`]: {
        load_balancer_arn: lb,
        port: 80,
        protocol: "HTTP",
        default_action: [
          {
            type: "redirect",
            redirect: {
              protocol: "HTTPS",
              port: "443",
              status_code: "HTTP_301",
            },
          },
        ],
      },
      [`${ID}_https-listener`]: {
        load_balancer_arn: lb,
        port: 443,
        protocol: "HTTPS",
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        certificate_arn: cluster().https!.certificateArn,
        default_action: [
          {
            type: "fixed-response",
            fixed_response: {
              content_type: "text/plain",
              message_body: "Not Found",
              status_code: "404",
            },
          },
        ],
      },
    });
  });

  test("security group: clients on 80 and 443, no egress of its own (each service adds its own)", () => {
    expect(r.aws_security_group[`${ID}_load-balancer-security-group`]).toEqual({
      name: "acme-production-alb",
      description:
        "The acme-production load balancer: clients in, services' tasks out",
      vpc_id: "vpc-0a1b2c3d4e5f67890",
    });
    expect(
      Object.values(r.aws_vpc_security_group_ingress_rule).map((rule) => [
        (rule as Json).from_port,
        (rule as Json).cidr_ipv4,
      ]),
    ).toEqual([
      // by construct id: clients-443, clients-80
      [443, "0.0.0.0/0"],
      [80, "0.0.0.0/0"],
    ]);
    expect(r.aws_vpc_security_group_egress_rule).toBeUndefined();
  });

  test("output: the load balancer's DNS name", () => {
    expect(out.output[`${ID}-load-balancer`].value).toBe(
      `\${aws_lb.${ID}_load-balancer.dns_name}`,
    );
  });
});

test("without a certificate: one HTTP listener answering 404; internal: clients from the VPC only", () => {
  const base = cluster();
  const r = synth({
    ...base,
    https: undefined,
    network: { ...base.network, loadBalancerScheme: "internal" },
  }).resource;
  expect(Object.keys(r.aws_lb_listener)).toEqual([`${ID}_http-listener`]);
  expect(r.aws_lb_listener[`${ID}_http-listener`].default_action[0].type).toBe(
    "fixed-response",
  );
  expect(r.aws_lb[`${ID}_load-balancer`].internal).toBe(true);
  expect(Object.values(r.aws_vpc_security_group_ingress_rule)).toEqual([
    expect.objectContaining({
      from_port: 80,
      cidr_ipv4: `\${data.aws_vpc.${ID}_vpc.cidr_block}`,
    }),
  ]);
});
