import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CodebuildProject } from "@cdktf/provider-aws/lib/codebuild-project";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { servicePrincipal } from "../plan/arn";
import type { ComputeType } from "../config/catalogue";
import { renderBuildspec } from "../plan/buildspec";
import {
  GateRoleProps,
  SMOKE_TIMEOUT_MINUTES,
  smokeBuildspec,
  smokeRoleStatements,
  testReportGroupsArn,
  testsRoleStatements,
} from "../plan/gates";
import type { Statement } from "../plan/iam";
import { LOG_RETENTION_DAYS } from "./build-project";
import { DeliveryStack } from "./delivery-stack";
import { MARK_COMPUTE_TYPE, MARK_IMAGE } from "./image-marker";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { escapeTerraform } from "./private/terraform";

/** What a gate project is: a smoke test or a service's tests (plan/gates.ts). */
export type GateKind =
  | {
      readonly kind: "smoke";
      /** Whether an environment has a SmokeSkip check, and what the checks need. */
      readonly skips?: { readonly statements: readonly Statement[] };
    }
  | {
      readonly kind: "tests";
      /** Path of the tests' buildspec in the repository. */
      readonly buildspec: string;
      readonly computeType: ComputeType;
      readonly timeoutMinutes: number;
      /** The service's repository: the tests pull the image they run in. */
      readonly repositoryArn: string;
    };

export interface GateProjectProps extends GateRoleProps {
  readonly projectName: string;
  readonly roleName: string;
  readonly logGroupName: string;
  readonly gate: GateKind;
}

/**
 * A CodeBuild project that gates a pipeline (issue 10 §3): the smoke test after a deploy (the
 * generated buildspec, small and non-privileged) or the service's tests before any deploy (the
 * repository's buildspec, privileged to run the built image with Docker). Its own role (its log
 * group, its pipeline's artifact folder read-only, the catalogue's key; the tests also pull the
 * service's image) and its own log group, kept a year, as ImageMarker.
 */
export class GateProject extends Construct {
  readonly project: CodebuildProject;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: GateProjectProps) {
    super(scope, id);
    const { gate } = props;
    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: props.logGroupName,
      retentionInDays: LOG_RETENTION_DAYS,
      kmsKeyId: props.kmsKeyArn,
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CodeBuild service role of ${props.projectName}`,
      assumeRolePolicy: assumeRolePolicy(
        servicePrincipal("codebuild"),
        DeliveryStack.of(this).accountId,
      ),
    });
    const statements: Statement[] =
      gate.kind === "smoke"
        ? smokeRoleStatements(props, this.logGroup.arn, gate.skips?.statements)
        : testsRoleStatements(
            {
              ...props,
              repositoryArn: gate.repositoryArn,
              reportGroupsArn: testReportGroupsArn(
                DeliveryStack.of(this),
                props.projectName,
              ),
            },
            this.logGroup.arn,
          );
    const policy = new IamRolePolicy(this, "policy", {
      name: gate.kind,
      role: this.role.name,
      policy: policyDocument(statements),
    });
    this.project = new CodebuildProject(this, "project", {
      name: props.projectName,
      description:
        gate.kind === "smoke"
          ? "Requests each environment after its deploy; a non-2xx answer stops the promotion"
          : "Runs the service's tests in the image just built, before any deploy",
      serviceRole: this.role.arn,
      buildTimeout:
        gate.kind === "smoke" ? SMOKE_TIMEOUT_MINUTES : gate.timeoutMinutes,
      encryptionKey: props.kmsKeyArn,
      artifacts: { type: "CODEPIPELINE" },
      source: {
        type: "CODEPIPELINE",
        buildspec:
          gate.kind === "smoke"
            ? escapeTerraform(
                renderBuildspec(smokeBuildspec({ skips: !!gate.skips })),
              )
            : escapeTerraform(gate.buildspec),
      },
      environment: {
        type: "LINUX_CONTAINER",
        computeType:
          gate.kind === "smoke" ? MARK_COMPUTE_TYPE : gate.computeType,
        // CodeBuild's own Amazon Linux image: curl for the smoke test, Docker for the tests.
        image: MARK_IMAGE,
        imagePullCredentialsType: "CODEBUILD",
        privilegedMode: gate.kind === "tests",
      },
      logsConfig: {
        cloudwatchLogs: { groupName: this.logGroup.name, status: "ENABLED" },
        s3Logs: { status: "DISABLED" },
      },
      // The first run must not start before its role may write its logs and read the artifact.
      dependsOn: [policy],
    });
  }
}
