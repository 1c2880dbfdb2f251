/**
 * SourceConnections alone, in a fresh DeliveryStack: a connection it creates for a provider or
 * through a host, one it is given by ARN, each with its ARN as an output, and the ARNs it hands
 * the pipelines, exactly.
 */
import type { Connection } from "../../config/catalogue";
import { TerraformOutput } from "../../constructs/private/cdktf";
import {
  createdConnection,
  deliveryStack,
  existingConnection,
  sourceConnections,
  synthJson,
} from "../support/builders";
import { Json, addresses, resource } from "../support/synth";

/** The stack, and the ARN it hands the pipelines for each connection (through outputs). */
function synth(connections: readonly Connection[]): {
  json: Json;
  arns: Record<string, string>;
} {
  const stack = deliveryStack();
  const created = sourceConnections(stack, connections);
  for (const [name, arn] of Object.entries(created.arns))
    new TerraformOutput(stack, `test-arn-${name}`, { value: arn });
  const json = synthJson(stack);
  const arns: Record<string, string> = {};
  for (const [key, output] of Object.entries(json.output ?? {}) as [
    string,
    Json,
  ][])
    if (key.startsWith("test-arn-")) {
      arns[key.slice("test-arn-".length)] = output.value;
      delete json.output[key];
    }
  return { json, arns };
}

const HOST =
  "arn:aws:codeconnections:eu-west-1:111122223333:host/ghes-0123abcd";
const EXISTING =
  "arn:aws:codeconnections:eu-west-1:111122223333:connection/0123-abcd";
const PENDING =
  "PENDING until confirmed once in the console (Developer Tools > Settings > Connections)";

test("a provider's connection: created, named after the organisation, its ARN an output", () => {
  const { json, arns } = synth([createdConnection("github")]);
  expect(addresses(json)).toEqual([
    "aws_codeconnections_connection.connection-github",
  ]);
  expect(
    resource(json, "aws_codeconnections_connection", "connection-github"),
  ).toEqual({ name: "acme-github", provider_type: "GitHub" });
  expect(json.output).toEqual({
    "connection-github-arn": {
      description: `Connection "github": ${PENDING}`,
      value: "${aws_codeconnections_connection.connection-github.arn}",
    },
  });
  expect(arns).toEqual({
    github: "${aws_codeconnections_connection.connection-github.arn}",
  });
});

test.each(["Bitbucket", "GitHub", "GitLab"] as const)(
  "provider %s: its provider type",
  (provider) => {
    const { json } = synth([createdConnection("git", { provider })]);
    expect(
      resource(json, "aws_codeconnections_connection", "connection-git"),
    ).toEqual({ name: "acme-git", provider_type: provider });
  },
);

test("a self-hosted provider: reached through its host, which carries the provider type", () => {
  const { json } = synth([
    createdConnection("ghes", {
      provider: "GitHubEnterpriseServer",
      hostArn: HOST,
    }),
  ]);
  expect(
    resource(json, "aws_codeconnections_connection", "connection-ghes"),
  ).toEqual({ name: "acme-ghes", host_arn: HOST });
});

test("an existing connection: nothing created, its ARN handed on and an output", () => {
  const { json, arns } = synth([existingConnection("legacy", EXISTING)]);
  expect(json.resource).toBeUndefined();
  expect(json.output).toEqual({
    "connection-legacy-arn": {
      description: 'Connection "legacy" (existing)',
      value: EXISTING,
    },
  });
  expect(arns).toEqual({ legacy: EXISTING });
});

test("several: each by its name, created and existing side by side", () => {
  const { json, arns } = synth([
    createdConnection("github"),
    existingConnection("legacy", EXISTING),
    createdConnection("gitlab", { provider: "GitLab" }),
  ]);
  expect(addresses(json).sort()).toEqual([
    "aws_codeconnections_connection.connection-github",
    "aws_codeconnections_connection.connection-gitlab",
  ]);
  expect(Object.keys(json.output).sort()).toEqual([
    "connection-github-arn",
    "connection-gitlab-arn",
    "connection-legacy-arn",
  ]);
  expect(arns).toEqual({
    github: "${aws_codeconnections_connection.connection-github.arn}",
    legacy: EXISTING,
    gitlab: "${aws_codeconnections_connection.connection-gitlab.arn}",
  });
});
