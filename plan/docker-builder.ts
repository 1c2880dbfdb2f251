/**
 * The on-demand docker builder's build (see README): what its role may do, as a pure function.
 * The plan measures it with stand-in ARNs (policy-size); the DockerBuilder construct renders it
 * with Terraform references.
 */
import type { Catalogue } from "../config/catalogue";
import { DEFAULTS } from "../config/defaults";
import type { BuildRoleProps } from "./build-policy";
import { ECR_WRITE_ACTIONS, Statement } from "./iam";

/** What the docker builder's role depends on besides account, partition and region. */
export interface DockerBuilderInputs {
  readonly builder: NonNullable<Catalogue["dockerBuilder"]>;
  readonly projectName: string;
  readonly kmsKeyArn: string;
  /** Every repository of this catalogue (their names share the organisation's prefix). */
  readonly repositoriesArn: string;
  /** The catalogue's connections, which a build may fetch its source through. */
  readonly connectionArns: readonly string[];
  /** The live base images' repositories, which it may never push. */
  readonly baseImageArns: readonly string[];
}

/** The docker builder's BuildProject props that decide its role's statements. */
export function dockerBuilderBuild(
  inputs: DockerBuilderInputs,
): Omit<BuildRoleProps, "accountId" | "partition" | "region"> {
  return {
    projectName: inputs.projectName,
    build: {
      computeType: inputs.builder.computeType,
      image: DEFAULTS.build.image,
      privileged: true,
      timeoutMinutes: inputs.builder.timeoutMinutes,
      variables: {},
      secrets: {},
      cache: "none",
    },
    kmsKeyArn: inputs.kmsKeyArn,
    // Every repository of this catalogue, and only those: their names share the prefix.
    pushTo: [inputs.repositoriesArn],
    pullFrom: [],
    extraStatements: [
      ...connectionStatements(inputs.connectionArns),
      // A push of a base image's `latest` starts every pipeline built FROM it: base images
      // come from their own pipelines only.
      ...(inputs.baseImageArns.length > 0
        ? [
            {
              sid: "NeverPushBaseImages",
              effect: "Deny" as const,
              actions: ECR_WRITE_ACTIONS.slice(),
              resources: [...inputs.baseImageArns],
            },
          ]
        : []),
    ],
  };
}

/**
 * What CodeBuild needs to fetch a source through a connection (a build started with
 * --source-auth-override type=CODECONNECTIONS), with the action prefix each ARN carries.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/connections-github-app.html
 */
export const CONNECTION_SOURCE_ACTIONS = [
  "GetConnection",
  "GetConnectionToken",
  "UseConnection",
] as const;

function connectionStatements(arns: readonly string[]): Statement[] {
  const legacy = arns.filter((arn) => arn.includes(":codestar-connections:"));
  const current = arns.filter((arn) => !arn.includes(":codestar-connections:"));
  const out: Statement[] = [];
  if (current.length > 0) {
    out.push({
      sid: "UseCatalogueConnections",
      actions: CONNECTION_SOURCE_ACTIONS.map((a) => `codeconnections:${a}`),
      resources: current,
    });
  }
  if (legacy.length > 0) {
    out.push({
      sid: "UseLegacyConnections",
      actions: CONNECTION_SOURCE_ACTIONS.map(
        (a) => `codestar-connections:${a}`,
      ),
      resources: legacy,
    });
  }
  return out;
}
