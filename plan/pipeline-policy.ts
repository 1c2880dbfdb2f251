/**
 * What a delivery pipeline's role may do, as a pure function of its props: the construct renders
 * it with Terraform references, the catalogue validator with the names they will resolve to (to
 * refuse, at synth, a policy larger than IAM allows).
 */
import type { SmokeTest, Source } from "../config/catalogue";
import { baseImageSource } from "../sources/base-image";
import { sourceKindOf } from "../sources/registry";
import type { ServiceDeploy } from "../targets/deploy-target";
import { deployStatements } from "../targets/registry";
import {
  artifactFolderStatements,
  ARTIFACT_READ_WRITE_ACTIONS,
  useKeyStatement,
  RepositoryRef,
  Statement,
} from "./iam";

/** What the pipeline role's permissions (and the pipeline's stages) depend on. */
export interface PipelineRoleProps {
  readonly source: Source;
  /** ARN of the source's connection, when its kind fetches it through one (SourceKind.connection). */
  readonly connectionArn?: string;
  /**
   * The base image: a second source, and an EventBridge rule that starts this pipeline when
   * its `latest` tag is pushed.
   * @default none
   */
  readonly baseImage?: RepositoryRef;
  readonly buildProject: { readonly name: string; readonly arn: string };
  /** Deploy stages; none for base images (source -> build). */
  readonly deploy?: ServiceDeploy;
  /**
   * The service's tests project: a Test stage between Build and the first deploy.
   * @default none
   */
  readonly testsProject?: { readonly name: string; readonly arn: string };
  /**
   * The service's smoke project, and the smoke test of each environment that has one (by
   * environment key): an action after its deploy, when its target gives the environment's URL.
   * @default none
   */
  readonly smokeTests?: {
    readonly project: { readonly name: string; readonly arn: string };
    readonly environments: Readonly<Record<string, SmokeTest>>;
  };
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder). */
  readonly artifactFolder: string;
  readonly kmsKeyArn: string;
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

export function pipelineRoleStatements(props: PipelineRoleProps): Statement[] {
  const { source } = props;
  const statements: Statement[] = [
    ...artifactFolderStatements(props.artifactBucket, props.artifactFolder, {
      sid: "PipelineArtifacts",
      actions: ARTIFACT_READ_WRITE_ACTIONS,
    }),
    useKeyStatement(props.kmsKeyArn),
  ];
  statements.push(...sourceKindOf(source).statements(source, props));
  if (props.baseImage)
    statements.push(...baseImageSource.statements(props.baseImage));
  statements.push({
    sid: "RunOwnBuild",
    actions: [
      "codebuild:BatchGetBuilds",
      "codebuild:StartBuild",
      "codebuild:StopBuild",
    ],
    resources: [
      props.buildProject.arn,
      ...(props.deploy && props.deploy.order.length > 0
        ? [props.deploy.markProject.arn]
        : []),
      ...(props.testsProject ? [props.testsProject.arn] : []),
      ...(props.smokeTests ? [props.smokeTests.project.arn] : []),
    ],
  });
  for (const deploy of props.deploy?.targets ?? [])
    if (deploy.environments.length > 0)
      statements.push(...deployStatements(props, deploy));
  return statements;
}
