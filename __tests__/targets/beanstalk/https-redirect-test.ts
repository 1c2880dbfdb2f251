/**
 * HTTP -> HTTPS on a Beanstalk environment: with `https`, a redirect rule on the port-80
 * listener of the environment's load balancer; `https.redirect: false` leaves port 80 alone.
 */
import { load, resource, synthStacks, type Json } from "../../support/synth";
import { beanstalkEnvironments } from "../../../targets/beanstalk/types";

const CATALOGUE = (https: string) => `version: 1
organisation: acme
region: eu-west-1
services:
  orders:
    source: { codecommit: { repository: orders } }
    environments:
      prod:${https}
      staging: {}
`;
const CERTIFICATE =
  "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
const HTTPS = `
        https:
          certificateArn: ${CERTIFICATE}`;

const stack = (text: string): Json =>
  synthStacks(load(text))["acme-orders"] as Json;

describe("with https", () => {
  const synthesized = stack(CATALOGUE(HTTPS));

  test("the port-80 listener of the environment's load balancer is looked up", () => {
    expect(synthesized.data.aws_lb_listener).toEqual({
      "http-listener-prod": {
        "//": expect.anything(),
        load_balancer_arn:
          "${element(aws_elastic_beanstalk_environment.env-prod_environment.load_balancers, 0)}",
        port: 80,
      },
    });
  });

  test("and answers every path with a permanent redirect to the same URL on HTTPS 443", () => {
    expect(synthesized.resource.aws_lb_listener_rule).toEqual({
      "https-redirect-prod": expect.anything(),
    });
    expect(
      resource(synthesized, "aws_lb_listener_rule", "https-redirect-prod"),
    ).toEqual({
      listener_arn: "${data.aws_lb_listener.http-listener-prod.arn}",
      priority: 1,
      action: [
        {
          type: "redirect",
          redirect: { port: "443", protocol: "HTTPS", status_code: "HTTP_301" },
        },
      ],
      condition: [{ path_pattern: { values: ["/*"] } }],
    });
  });

  test("the environment's URL output is https://, the other environment's stays http://", () => {
    expect(synthesized.output["environment-prod-url"].value).toBe(
      "https://${aws_elastic_beanstalk_environment.env-prod_environment.cname}",
    );
    expect(synthesized.output["environment-staging-url"].value).toBe(
      "http://${aws_elastic_beanstalk_environment.env-staging_environment.cname}",
    );
  });
});

test("https.redirect: false keeps port 80 as it is; the URL is still https://", () => {
  const synthesized = stack(
    `${CATALOGUE(HTTPS)}`.replace(
      CERTIFICATE,
      `${CERTIFICATE}\n          redirect: false`,
    ),
  );
  expect(synthesized.data.aws_lb_listener).toBeUndefined();
  expect(synthesized.resource.aws_lb_listener_rule).toBeUndefined();
  expect(synthesized.output["environment-prod-url"].value).toBe(
    "https://${aws_elastic_beanstalk_environment.env-prod_environment.cname}",
  );
});

test("without https there is nothing to redirect to", () => {
  const synthesized = stack(CATALOGUE(" {}"));
  expect(synthesized.data.aws_lb_listener).toBeUndefined();
  expect(synthesized.resource.aws_lb_listener_rule).toBeUndefined();
  expect(synthesized.output["environment-prod-url"].value).toBe(
    "http://${aws_elastic_beanstalk_environment.env-prod_environment.cname}",
  );
});

test("a default `defaults.environment.https.redirect: false` is inherited", () => {
  const text = CATALOGUE(HTTPS).replace(
    "services:",
    "defaults:\n  environment:\n    https: { certificateArn: " +
      CERTIFICATE +
      ", redirect: false }\nservices:",
  );
  expect(
    beanstalkEnvironments(load(text).services[0].environments).map((e) => [
      e.name,
      e.https?.redirect,
    ]),
  ).toEqual([
    ["prod", false],
    ["staging", false],
  ]);
});

test("turning the redirect on or off leaves the environment itself as it was", () => {
  const on = stack(CATALOGUE(HTTPS));
  const off = stack(
    CATALOGUE(HTTPS).replace(
      CERTIFICATE,
      `${CERTIFICATE}\n          redirect: false`,
    ),
  );
  expect(
    resource(on, "aws_elastic_beanstalk_environment", "env-prod_environment"),
  ).toEqual(
    resource(off, "aws_elastic_beanstalk_environment", "env-prod_environment"),
  );
});
