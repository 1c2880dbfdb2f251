/**
 * plan/workspaces.ts on a plain Catalogue object: no YAML, no cdktf.
 */
import type { Catalogue, Service } from "../../config/catalogue";
import { awsRoleTrustPolicy, workspacesPlan } from "../../plan/workspaces";

const service = (name: string, retired = false) =>
  ({ name, retired, environments: [] }) as unknown as Service;

const CATALOGUE = {
  organisation: "acme",
  region: "eu-west-1",
  tags: {},
  cloud: {
    organization: "acme-corp",
    hostname: "tfe.acme.example",
    workspacePrefix: "d-",
    workspaces: {
      terraformVersion: "1.9.8",
      tags: { team: "platform" },
      stateWorkspace: "acme-tfe",
    },
  },
  connections: [],
  baseImages: [],
  services: [service("api"), service("old", true)],
} as unknown as Catalogue;

test("one workspace per stack (retired ones too), a trigger from shared to each service, no role", () => {
  expect(workspacesPlan(CATALOGUE)).toEqual({
    stack: "acme-workspaces",
    hostname: "tfe.acme.example",
    organization: "acme-corp",
    terraformVersion: "1.9.8",
    stateWorkspace: "acme-tfe",
    workspaces: ["acme-shared", "acme-api", "acme-old"].map((stack, i) => ({
      stack,
      name: `d-${stack}`,
      path: i === 0 ? ["organisation"] : ["services", stack.slice(5)],
      description: `State and runs of the stack ${stack} (cdktf.out/stacks/${stack}), synthesized from the delivery catalogue: change the catalogue, not this workspace.`,
      tags: { team: "platform", stack },
    })),
    triggers: [
      { source: "acme-shared", target: "acme-api" },
      { source: "acme-shared", target: "acme-old" },
    ],
  });
});

test("nothing without terraform.cloud.workspaces, or without terraform.cloud", () => {
  const cloud = { ...CATALOGUE.cloud!, workspaces: undefined };
  expect(workspacesPlan({ ...CATALOGUE, cloud })).toBeUndefined();
  expect(workspacesPlan({ ...CATALOGUE, cloud: undefined })).toBeUndefined();
});

test("the trust policy takes the role's partition and account, and the host in every key", () => {
  expect(
    awsRoleTrustPolicy({
      roleArn: "arn:aws-us-gov:iam::210987654321:role/tfc",
      hostname: "tfe.acme.example",
      organization: "acme-corp",
      project: "Default Project",
      workspaces: "acme-*",
    }),
  ).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "HcpTerraformRuns",
        Effect: "Allow",
        Principal: {
          Federated:
            "arn:aws-us-gov:iam::210987654321:oidc-provider/tfe.acme.example",
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "tfe.acme.example:aud": "aws.workload.identity" },
          StringLike: {
            "tfe.acme.example:sub":
              "organization:acme-corp:project:Default Project:workspace:acme-*:run_phase:*",
          },
        },
      },
    ],
  });
});
