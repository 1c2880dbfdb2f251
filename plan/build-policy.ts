/**
 * What a build role may do, as a pure function: the BuildProject construct renders it with
 * Terraform references, the plan with the names they resolve to.
 */
import type { Build } from "../config/catalogue";
import {
  artifactFolderStatements,
  ARTIFACT_READ_WRITE_ACTIONS,
  ECR_LOGIN_ACTIONS,
  ECR_PULL_ACTIONS,
  ECR_PUSH_ACTIONS,
  useKeyStatement,
  LOG_WRITE_ACTIONS,
  RepositoryRef,
  Statement,
} from "./iam";
import { arn, logStreamsArn, objectArn } from "./arn";
import { decryptSecretStatements, parameterArn, secretKeys } from "./secrets";
import { escapeTemplate } from "./terraform-text";

/** What a build role's permissions depend on. */
export interface BuildRoleProps {
  readonly projectName: string;
  /** The catalogue's settings of this build. */
  readonly build: Build;
  readonly kmsKeyArn: string;
  readonly accountId: string;
  /** ARN prefix pieces. */
  readonly partition: string;
  readonly region: string;
  /** ARNs of the repositories the build pushes to (and pulls from). */
  readonly pushTo: readonly string[];
  /** ARNs of the repositories the build only pulls from (its base image). */
  readonly pullFrom: readonly string[];
  /** The repository of build.customImage, resolved. */
  readonly customImage?: RepositoryRef;
  /**
   * The artifact store, when the project runs in a pipeline.
   * @default none: the project has no source and no artifacts (started on demand)
   */
  readonly artifactBucket?: { readonly name: string; readonly arn: string };
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder); with artifactBucket. */
  readonly artifactFolder?: string;
  /** Extra statements (connections the docker builder may use). */
  readonly extraStatements?: readonly Statement[];
}

export function buildRoleStatements(
  props: BuildRoleProps,
  logGroupArn: string,
): Statement[] {
  const { build } = props;
  const statements: Statement[] = [
    {
      sid: "WriteOwnLogs",
      actions: [...LOG_WRITE_ACTIONS],
      resources: [logStreamsArn(logGroupArn)],
    },
    // GetAuthorizationToken supports no resource: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html
    { sid: "EcrLogin", actions: [...ECR_LOGIN_ACTIONS], resources: ["*"] },
  ];
  if (props.pushTo.length > 0) {
    statements.push({
      sid: "PushImage",
      actions: [
        ...new Set([
          ...ECR_PULL_ACTIONS,
          ...ECR_PUSH_ACTIONS,
          "ecr:DescribeImages",
        ]),
      ].sort(),
      resources: [...props.pushTo],
    });
  }
  const pulls = [
    ...new Set([
      ...props.pullFrom,
      ...(props.customImage ? [props.customImage.arn] : []),
    ]),
  ];
  if (pulls.length > 0) {
    statements.push({
      sid: "PullBaseImages",
      actions: [...ECR_PULL_ACTIONS],
      resources: pulls,
    });
  }
  // Both or neither (BuildProject refuses one alone at synth).
  if (props.artifactBucket && props.artifactFolder !== undefined) {
    statements.push(
      ...artifactFolderStatements(props.artifactBucket, props.artifactFolder, {
        sid: "PipelineArtifacts",
        actions: ARTIFACT_READ_WRITE_ACTIONS,
      }),
    );
    if (build.cache === "s3") {
      statements.push({
        sid: "BuildCache",
        actions: ["s3:GetObject", "s3:PutObject"],
        resources: [
          objectArn(
            props.artifactBucket,
            `${cachePrefix(props.projectName)}/*`,
          ),
        ],
      });
    }
  }
  statements.push(useKeyStatement(props.kmsKeyArn));
  const parameters = sorted(build.secrets).flatMap(([, ref]) =>
    ref.store === "ssm" ? [ref.name] : [],
  );
  if (parameters.length > 0) {
    statements.push({
      sid: "ReadDeclaredParameters",
      // CodeBuild reads PARAMETER_STORE variables with GetParameters.
      actions: ["ssm:GetParameters"],
      resources: [
        ...new Set(
          parameters.map((name) => parameterArn(props, name, escapeTemplate)),
        ),
      ],
    });
  }
  const secrets = sorted(build.secrets).flatMap(([, ref]) =>
    ref.store === "secretsmanager" ? [ref.secretId] : [],
  );
  if (secrets.length > 0) {
    statements.push({
      sid: "ReadDeclaredSecrets",
      actions: ["secretsmanager:GetSecretValue"],
      // A secret's ARN ends in 6 random characters: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
      resources: [
        ...new Set(
          secrets.map((id) =>
            id.startsWith("arn:")
              ? id
              : arn(
                  props,
                  "secretsmanager",
                  `secret:${escapeTemplate(id)}-??????`,
                ),
          ),
        ),
      ],
    });
  }
  statements.push(
    ...decryptSecretStatements(
      secretKeys(Object.values(build.secrets)),
      props.region,
    ),
  );
  statements.push(...(props.extraStatements ?? []));
  return statements;
}

export function sorted<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

export function cachePrefix(projectName: string): string {
  return `cache/${projectName}`;
}
