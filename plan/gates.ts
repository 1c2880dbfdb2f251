/**
 * The gates of a service's pipeline (issue 10 §3), as pure data: the smoke test after an
 * environment's deploy and the tests between the build and the first deploy. Their buildspec,
 * variables and role statements; constructs/gate-project.ts renders them, the plan sizes them.
 */
import type { Service, SmokeTest } from "../config/catalogue";
import {
  environmentDeploys,
  type ServiceDeploy,
} from "../targets/deploy-target";
import { arn, type ArnScope } from "./arn";
import {
  artifactFolderStatements,
  decryptKeyStatement,
  ECR_LOGIN_ACTIONS,
  ECR_PULL_ACTIONS,
  LOG_WRITE_ACTIONS,
  Statement,
} from "./iam";
import { ARTIFACT_READ_ACTIONS } from "./mark-policy";

/** Variables of the smoke project, set by each environment's smoke test action. */
export const SMOKE_VARIABLES = {
  url: "SMOKE_URL",
  attempts: "SMOKE_ATTEMPTS",
  interval: "SMOKE_INTERVAL_SECONDS",
  timeout: "SMOKE_TIMEOUT_SECONDS",
  /** An environment's SmokeSkip command, when its target gives one. */
  skipIf: "SMOKE_SKIP_IF",
} as const;

/**
 * The smoke project's build timeout. The catalogue's limits (20 attempts of at most 30 s, 30 s
 * apart) make a test last at most 20 minutes; the rest is CodeBuild's provisioning.
 */
export const SMOKE_TIMEOUT_MINUTES = 30;

/** The Build action's variable namespace, through which it exports IMAGE_URI to the tests. */
export const BUILD_NAMESPACE = "BuildVariables";

/**
 * The smoke project's buildspec (with `skips`, it first runs the environment's SmokeSkip
 * command, if it has one: what it prints ends the test as passed): request the URL until it answers 2xx, at most SMOKE_ATTEMPTS
 * times, each request at most SMOKE_TIMEOUT_SECONDS, SMOKE_INTERVAL_SECONDS apart; fail (and so
 * fail the stage) otherwise. It follows redirects (an environment whose port 80 redirects to
 * HTTPS), and does not check the certificate's name: the address is the one its deploy target
 * gives the environment (a Beanstalk environment's CNAME, say), which the certificate of the
 * service's domain does not name. Nothing is
 * sent but a GET without credentials, and only the status is read.
 */
export function smokeBuildspec(
  options: { readonly skips?: boolean } = {},
): Record<string, unknown> {
  const { url, attempts, interval, timeout, skipIf } = SMOKE_VARIABLES;
  const script = [
    "set -uo pipefail",
    `: "\${${url}:?is set by the smoke test action of the pipeline}"`,
    // A deploy target's check (SmokeSkip) that the environment has nothing to answer yet.
    ...(options.skips
      ? [
          `if [ -n "\${${skipIf}:-}" ]; then`,
          `  SKIP="$(bash -c "$${skipIf}")"`,
          '  if [ -n "$SKIP" ]; then echo "not tested: $SKIP"; exit 0; fi',
          "fi",
        ]
      : []),
    'PASSED=""',
    `for ATTEMPT in $(seq 1 "$${attempts}"); do`,
    `  STATUS="$(curl --silent --show-error --output /dev/null --write-out "%{http_code}" --location --max-redirs 3 --insecure --max-time "$${timeout}" "$${url}")"`,
    `  echo "attempt $ATTEMPT of $${attempts}: $${url} answered $STATUS"`,
    '  case "$STATUS" in 2??) PASSED=yes; break ;; esac',
    `  if [ "$ATTEMPT" -lt "$${attempts}" ]; then sleep "$${interval}"; fi`,
    "done",
    'if [ -z "$PASSED" ]; then',
    `  echo "$${url} gave no 2xx answer: the deploy is not promoted" >&2`,
    "  exit 1",
    "fi",
  ].join("\n");
  return {
    version: 0.2,
    env: { shell: "bash" },
    phases: { build: { commands: [script] } },
  };
}

/** What a gate project's role works with. */
export interface GateRoleProps {
  readonly artifactBucket: { readonly name: string; readonly arn: string };
  /** The pipeline's folder in the artifact bucket (Names.artifactFolder). */
  readonly artifactFolder: string;
  readonly kmsKeyArn: string;
}

/**
 * The smoke project's role: its own logs, the input artifact CodeBuild downloads (its pipeline's
 * folder, read only), and decrypting with the catalogue's key: a gate writes no artifact (its
 * action has no output), cache or exported report file, so it never encrypts; its log group is
 * encrypted by CloudWatch Logs under the key's own policy. It may also do what its
 * environments' SmokeSkip checks need (smokeSkipStatements). Requesting a public URL needs no
 * permission.
 */
export function smokeRoleStatements(
  props: GateRoleProps,
  logGroupArn: string,
  skips: readonly Statement[] = [],
): Statement[] {
  return [
    ...skips,
    {
      sid: "WriteOwnLogs",
      actions: [...LOG_WRITE_ACTIONS],
      resources: [`${logGroupArn}:*`],
    },
    ...artifactFolderStatements(props.artifactBucket, props.artifactFolder, {
      sid: "ReadPipelineArtifacts",
      actions: ARTIFACT_READ_ACTIONS,
    }),
    decryptKeyStatement(props.kmsKeyArn),
  ];
}

/**
 * What CodeBuild does with the role when a buildspec has `reports:` (test results, code
 * coverage): create the report group on first use and write reports into it.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/test-permissions.html
 */
export const TEST_REPORT_ACTIONS = [
  "codebuild:CreateReportGroup",
  "codebuild:CreateReport",
  "codebuild:UpdateReport",
  "codebuild:BatchPutTestCases",
  "codebuild:BatchPutCodeCoverages",
] as const;

/**
 * The report groups a project's buildspec creates: a `reports:` group named `unit` becomes
 * `<project name>-unit` (AWS's own example scopes the permissions to `report-group/<project>-*`).
 * Another project whose name starts with this one's and a '-' would match as well; project names
 * are `<organisation>-<service>[-<suffix>]`, so only a service named like this one's tests project
 * plus a suffix (billing-api-tests-x) could, and only to write reports.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/test-report-group-naming.html
 */
export function testReportGroupsArn(
  scope: ArnScope,
  projectName: string,
): string {
  return arn(scope, "codebuild", `report-group/${projectName}-*`);
}

/**
 * The tests project's role: the smoke project's, pulling the service's own image (the one the
 * tests run in; an ECR login token is account-wide, so GetAuthorizationToken has no resource),
 * and the test reports of its own report groups (testReportGroupsArn).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-pull.html
 */
export function testsRoleStatements(
  props: GateRoleProps & {
    readonly repositoryArn: string;
    readonly reportGroupsArn: string;
  },
  logGroupArn: string,
): Statement[] {
  return [
    ...smokeRoleStatements(props, logGroupArn),
    { sid: "EcrLogin", actions: [...ECR_LOGIN_ACTIONS], resources: ["*"] },
    {
      sid: "PullServiceImage",
      actions: [...ECR_PULL_ACTIONS],
      resources: [props.repositoryArn],
    },
    {
      sid: "WriteOwnTestReports",
      actions: [...TEST_REPORT_ACTIONS],
      resources: [props.reportGroupsArn],
    },
  ];
}

/**
 * The smoke tests a service's pipeline runs, by environment key: each environment with a smoke
 * test whose deploy target gives its URL (TargetDeploy's environments). None: no smoke project.
 */
export function smokeTestsOf(
  service: Service,
  deploy: ServiceDeploy | undefined,
): Record<string, SmokeTest> {
  const out: Record<string, SmokeTest> = {};
  const deployed = deploy ? environmentDeploys(deploy) : [];
  for (const env of service.environments) {
    const target = deployed.find((d) => d.environment.key === env.name);
    if (env.smokeTest && target?.environment.url !== undefined)
      out[env.name] = env.smokeTest;
  }
  return out;
}

/**
 * What the SmokeSkip checks of a service's smoke-tested environments need, statements of one sid
 * merged (their resources together, in order, once each).
 */
export function smokeSkipStatements(
  service: Service,
  deploy: ServiceDeploy | undefined,
  scope: ArnScope,
): Statement[] {
  const smoked = smokeTestsOf(service, deploy);
  const merged = new Map<string, Statement>();
  for (const { environment } of deploy ? environmentDeploys(deploy) : []) {
    if (!(environment.key in smoked) || !environment.smokeSkip) continue;
    for (const statement of environment.smokeSkip.statements(scope)) {
      const before = merged.get(statement.sid);
      merged.set(
        statement.sid,
        before
          ? {
              ...before,
              resources: [
                ...new Set([...before.resources, ...statement.resources]),
              ],
            }
          : statement,
      );
    }
  }
  return [...merged.values()];
}

/** Whether any smoke-tested environment of the service has a SmokeSkip check. */
export function smokeSkips(
  service: Service,
  deploy: ServiceDeploy | undefined,
): boolean {
  const smoked = smokeTestsOf(service, deploy);
  return (deploy ? environmentDeploys(deploy) : []).some(
    ({ environment }) =>
      environment.key in smoked && environment.smokeSkip !== undefined,
  );
}
