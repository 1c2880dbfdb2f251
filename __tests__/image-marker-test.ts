/**
 * Images an environment runs are never expired: the Mark action before each deploy, its project
 * and role, the script it runs (executed here against a stand-in AWS CLI), and the lifecycle rule
 * that keeps what it marks. IAM is proven with a policy simulator, allowed and denied.
 */
import { spawnSync } from "child_process";
import { DOCKERRUN } from "../targets/beanstalk/dockerrun";
import {
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { parse } from "yaml";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import {
  decide as decideCall,
  Decision,
  EXAMPLE_ACCOUNT,
  resolvePolicy,
} from "./support/iam";
import { markBuildspec, renderBuildspec } from "../plan/buildspec";
import {
  ACCOUNT,
  EXAMPLE,
  Json,
  KEY,
  load,
  MINIMAL,
  resource,
  statements,
  synthStacks,
} from "./support/synth";

let stacks: Record<string, Json>;
beforeAll(() => {
  stacks = synthStacks(load(readFileSync(EXAMPLE, "utf8")));
});

const REPOSITORY = "${aws_ecr_repository.image_repository.arn}";

describe("the mark project of a service with environments", () => {
  test("CodeBuild project: not privileged, smallest compute, the pipeline's artifact, its own logs, the catalogue's key", () => {
    const project = resource(
      stacks["acme-billing-api"],
      "aws_codebuild_project",
      "mark_project",
    );
    const { buildspec, ...source } = project.source;
    expect({ ...project, source }).toEqual({
      name: "acme-billing-api-mark",
      description:
        "Tags the image an environment is deployed with, so the lifecycle policy keeps it",
      service_role: "${aws_iam_role.mark_role.arn}",
      build_timeout: 10,
      encryption_key: KEY,
      artifacts: { type: "CODEPIPELINE" },
      source: { type: "CODEPIPELINE" },
      environment: {
        type: "LINUX_CONTAINER",
        compute_type: "BUILD_GENERAL1_SMALL",
        image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
        image_pull_credentials_type: "CODEBUILD",
        privileged_mode: false,
        environment_variable: [
          {
            name: "REPOSITORY_URL",
            value: "${aws_ecr_repository.image_repository.repository_url}",
            type: "PLAINTEXT",
          },
          { name: "KEEP_DEPLOYED", value: "5", type: "PLAINTEXT" },
        ],
      },
      logs_config: {
        cloudwatch_logs: {
          group_name: "${aws_cloudwatch_log_group.mark_logs.name}",
          status: "ENABLED",
        },
        s3_logs: { status: "DISABLED" },
      },
      depends_on: ["aws_iam_role_policy.mark_policy"],
    });
    // The generated buildspec, escaped for Terraform.
    expect(buildspec).toBe(
      renderBuildspec(markBuildspec(DOCKERRUN)).replace(/\$\{/g, () => "$${"),
    );
    expect(
      resource(
        stacks["acme-billing-api"],
        "aws_cloudwatch_log_group",
        "mark_logs",
      ),
    ).toEqual({
      name: "/aws/codebuild/acme-billing-api-mark",
      retention_in_days: 365,
      kms_key_id: KEY,
    });
  });

  test("role: trusted by CodeBuild for this account; its own logs, its own repository, read-only artifacts, the key", () => {
    const stack = stacks["acme-billing-api"];
    const role = resource(stack, "aws_iam_role", "mark_role");
    expect(role.name).toBe("acme-billing-api-mark");
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: "codebuild.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
    const policy = resource(stack, "aws_iam_role_policy", "mark_policy");
    expect(policy.role).toBe("${aws_iam_role.mark_role.name}");
    const bucket = `arn:aws:s3:::acme-artifacts-${ACCOUNT}-eu-west-1`;
    expect(Object.values(statements(policy.policy))).toEqual([
      {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "${aws_cloudwatch_log_group.mark_logs.arn}:*",
      },
      {
        Sid: "MarkOwnImages",
        Effect: "Allow",
        Action: [
          "ecr:BatchDeleteImage",
          "ecr:BatchGetImage",
          "ecr:ListImages",
          "ecr:PutImage",
        ],
        Resource: REPOSITORY,
      },
      {
        Sid: "ReadPipelineArtifacts",
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:GetObjectVersion"],
        Resource: `${bucket}/acme-billing-api/*`,
      },
      {
        Sid: "PipelineArtifactBucket",
        Effect: "Allow",
        Action: [
          "s3:GetBucketAcl",
          "s3:GetBucketLocation",
          "s3:GetBucketVersioning",
        ],
        Resource: bucket,
      },
      {
        Sid: "UseCatalogueKey",
        Effect: "Allow",
        Action: [
          "kms:Decrypt",
          "kms:DescribeKey",
          "kms:Encrypt",
          "kms:GenerateDataKey",
        ],
        Resource: KEY,
      },
    ]);
  });

  test("a service without environments has no mark project and no protection rule", () => {
    const stack = synthStacks(
      load(MINIMAL.replace("    environments:\n      prod: {}\n", "")),
    )["acme-api"];
    expect(Object.keys(stack.resource.aws_codebuild_project)).toEqual([
      "build_project",
    ]);
    const rules = JSON.parse(
      resource(stack, "aws_ecr_lifecycle_policy", "image_lifecycle").policy,
    ).rules;
    expect(rules.map((r: Json) => r.selection.tagPatternList)).toEqual([
      undefined,
      ["*"],
    ]);
  });

  test("base image repositories keep their two rules: latest is always the newest push, which keepTagged keeps", () => {
    const shared = stacks["acme-shared"];
    const rules = JSON.parse(
      resource(shared, "aws_ecr_lifecycle_policy", "base-ruby-base_lifecycle")
        .policy,
    ).rules;
    expect(
      rules.map((r: Json) => [r.rulePriority, r.selection.tagStatus]),
    ).toEqual([
      [1, "untagged"],
      [2, "tagged"],
    ]);
    expect(JSON.stringify(rules)).not.toContain("deployed.");
  });
});

describe("names", () => {
  test("a service whose project name is another service's mark project is refused at synth", () => {
    const text = `${MINIMAL}  api-mark:
    source: { connection: github, repository: acme/api-mark }
`;
    let problems: readonly string[] = [];
    try {
      loadCatalogue(text, "services.yaml");
    } catch (error) {
      if (!(error instanceof CatalogueError)) throw error;
      problems = error.problems;
    }
    expect(problems).toEqual([
      `services.yaml:11:3 services.api-mark: derives the CodeBuild project "acme-api-mark", which is already service api's mark; rename one of them`,
      `services.yaml:11:3 services.api-mark: derives the log group "/aws/codebuild/acme-api-mark", which is already service api's mark; rename one of them`,
    ]);
  });
});

/** The mark script as CodeBuild runs it: the synthesized buildspec, unescaped as Terraform does. */
function markScript(): string {
  const project = resource(
    stacks["acme-billing-api"],
    "aws_codebuild_project",
    "mark_project",
  );
  const spec = parse(
    (project.source.buildspec as string)
      .replace(/\$\$\{/g, "${")
      .replace(/%%\{/g, "%{"),
  );
  expect(spec.version).toBe(0.2);
  expect(spec.env).toEqual({ shell: "bash" });
  expect(Object.keys(spec.phases)).toEqual(["build"]);
  expect(spec.phases.build.commands).toHaveLength(1);
  return spec.phases.build.commands[0] as string;
}

const URL = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/billing-api";
const MANIFEST = '{"schemaVersion":2,"config":{"digest":"sha256:c0"}}';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The stand-in AWS CLI's calls, one line each. */
  calls: string[];
  /** The manifest put-image received (from its file:// argument). */
  putManifest?: string;
}

/**
 * Runs the mark script in bash with a stand-in `aws` (answers as ECR would, logs its calls) and a
 * fixed `date`, in a directory holding the given Dockerrun.aws.json.
 */
function runMark(options: {
  dockerrun?: unknown;
  missing?: boolean;
  /** BatchGetImage returns no imageManifestMediaType. */
  noMediaType?: boolean;
  put?: "ok" | "exists" | "fail";
  tags?: string[];
}): Run {
  const dir = mkdtempSync(path.join(tmpdir(), "mark-"));
  try {
    const bin = path.join(dir, "bin");
    const work = path.join(dir, "work");
    for (const d of [bin, work])
      spawnSync("mkdir", ["-p", d], { encoding: "utf8" });
    if (options.dockerrun !== undefined)
      writeFileSync(
        path.join(work, "Dockerrun.aws.json"),
        JSON.stringify(options.dockerrun),
      );
    const image = {
      images: [
        {
          imageId: { imageDigest: "sha256:abc", imageTag: "c0ffee" },
          imageManifest: MANIFEST,
          ...(!options.noMediaType && {
            imageManifestMediaType:
              "application/vnd.docker.distribution.manifest.v2+json",
          }),
        },
      ],
      failures: [],
    };
    const missing = {
      images: [],
      failures: [
        {
          imageId: { imageTag: "c0ffee" },
          failureCode: "ImageNotFound",
          failureReason: "Requested image not found",
        },
      ],
    };
    writeFileSync(
      path.join(dir, "batch-get-image.json"),
      JSON.stringify(options.missing ? missing : image),
    );
    writeFileSync(
      path.join(dir, "tags.json"),
      JSON.stringify(options.tags ?? []),
    );
    const aws = `#!/bin/bash
echo "$*" >> "${dir}/calls.log"
case "$2" in
  batch-get-image) cat "${dir}/batch-get-image.json" ;;
  put-image)
    for a in "$@"; do case "$a" in file://*) cp "\${a#file://}" "${dir}/put-manifest" ;; esac; done
    case "${options.put ?? "ok"}" in
      ok) echo '{"image":{}}' ;;
      exists) echo "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation: Image with digest 'sha256:abc' and tag 'x' already exists." >&2; exit 254 ;;
      fail) echo "An error occurred (LayersNotFoundException) when calling the PutImage operation: layers not found" >&2; exit 254 ;;
    esac ;;
  list-images) cat "${dir}/tags.json" ;;
  batch-delete-image) echo '{"imageIds":[{}],"failures":[]}' ;;
  *) echo "unexpected call: $*" >&2; exit 1 ;;
esac
`;
    writeFileSync(path.join(bin, "aws"), aws);
    writeFileSync(
      path.join(bin, "date"),
      '#!/bin/bash\n[ "$*" = "-u +%Y%m%dT%H%M%SZ" ] && echo 20261123T120000Z || exit 1\n',
    );
    chmodSync(path.join(bin, "aws"), 0o755);
    chmodSync(path.join(bin, "date"), 0o755);
    const result = spawnSync(
      "bash",
      ["--norc", "--noprofile", "-c", markScript()],
      {
        cwd: work,
        encoding: "utf8",
        env: {
          PATH: `${bin}:${process.env.PATH}`,
          REPOSITORY_URL: URL,
          KEEP_DEPLOYED: "5",
          DEPLOY_ENVIRONMENT: "production",
        },
      },
    );
    const read = (f: string) => {
      try {
        return readFileSync(path.join(dir, f), "utf8");
      } catch {
        return undefined;
      }
    };
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      calls: (read("calls.log") ?? "").split("\n").filter(Boolean),
      putManifest: read("put-manifest"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const dockerrun = (name: string) => ({
  AWSEBDockerrunVersion: "1",
  Image: { Name: name, Update: "true" },
  Ports: [{ ContainerPort: 8080 }],
});

describe("the mark script (run in bash against a stand-in AWS CLI)", () => {
  test("tags the image Dockerrun.aws.json names with deployed.<environment>.<time>, the same manifest byte for byte", () => {
    const run = runMark({ dockerrun: dockerrun(`${URL}:c0ffee`) });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.calls.slice(0, 2)).toEqual([
      "ecr batch-get-image --repository-name acme/billing-api --image-ids imageTag=c0ffee --output json",
      "ecr put-image --repository-name acme/billing-api --image-tag deployed.production.20261123T120000Z --image-digest sha256:abc --image-manifest file://manifest.json --image-manifest-media-type application/vnd.docker.distribution.manifest.v2+json",
    ]);
    expect(run.putManifest).toBe(MANIFEST);
    expect(run.stdout).toContain(
      `${URL}:c0ffee (sha256:abc) is kept as deployed.production.20261123T120000Z`,
    );
  });

  test("without a media type from BatchGetImage, put-image gets none (the manifest names its own)", () => {
    const run = runMark({
      dockerrun: dockerrun(`${URL}:c0ffee`),
      noMediaType: true,
    });
    expect(run.status).toBe(0);
    expect(run.calls[1]).toBe(
      "ecr put-image --repository-name acme/billing-api --image-tag deployed.production.20261123T120000Z --image-digest sha256:abc --image-manifest file://manifest.json",
    );
  });

  test("an image named by digest is found by digest", () => {
    const run = runMark({ dockerrun: dockerrun(`${URL}@sha256:abc`) });
    expect(run.status).toBe(0);
    expect(run.calls[0]).toBe(
      "ecr batch-get-image --repository-name acme/billing-api --image-ids imageDigest=sha256:abc --output json",
    );
  });

  test("keeps the newest 5 markers of this environment only, removing older ones by tag", () => {
    const tags = [
      "c0ffee",
      "deployed.production.20261123T120000Z",
      "deployed.production.20261101T000000Z",
      "deployed.production.20261102T000000Z",
      "deployed.production.20261103T000000Z",
      "deployed.production.20261104T000000Z",
      "deployed.production.20261105T000000Z",
      "deployed.production.20261020T000000Z",
      // another environment whose name starts the same: not this one's
      "deployed.production-eu.20200101T000000Z",
      "deployed.staging.20200101T000000Z",
    ];
    const run = runMark({ dockerrun: dockerrun(`${URL}:c0ffee`), tags });
    expect(run.status).toBe(0);
    expect(run.calls.slice(2)).toEqual([
      "ecr list-images --repository-name acme/billing-api --filter tagStatus=TAGGED --query imageIds[].imageTag --output json",
      "ecr batch-delete-image --repository-name acme/billing-api --image-ids imageTag=deployed.production.20261101T000000Z --output json",
      "ecr batch-delete-image --repository-name acme/billing-api --image-ids imageTag=deployed.production.20261020T000000Z --output json",
    ]);
  });

  test("a re-run that finds the marker already there succeeds (ImageAlreadyExistsException)", () => {
    const run = runMark({
      dockerrun: dockerrun(`${URL}:c0ffee`),
      put: "exists",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "already carries deployed.production.20261123T120000Z",
    );
  });

  test("any other put-image failure fails the action, so the deploy does not run", () => {
    const run = runMark({ dockerrun: dockerrun(`${URL}:c0ffee`), put: "fail" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("LayersNotFoundException");
    expect(run.calls).toHaveLength(2);
  });

  test("an image that is already gone fails the action with a clear message, before the deploy", () => {
    const run = runMark({
      dockerrun: dockerrun(`${URL}:c0ffee`),
      missing: true,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${URL}:c0ffee is not in acme/billing-api any more (expired or deleted): not deploying it`,
    );
    expect(run.calls).toHaveLength(1);
  });

  test("an image of another repository (own buildspec) is reported and left alone", () => {
    const run = runMark({ dockerrun: dockerrun("public.ecr.aws/nginx:1") });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `Dockerrun.aws.json names no image of ${URL} ("public.ecr.aws/nginx:1"): nothing to keep`,
    );
    expect(run.calls).toEqual([]);
    // a repository whose name only starts the same is another repository
    expect(runMark({ dockerrun: dockerrun(`${URL}-v2:c0ffee`) }).calls).toEqual(
      [],
    );
  });

  test("without DEPLOY_ENVIRONMENT (a start outside the pipeline) it refuses to run", () => {
    const script = markScript();
    const result = spawnSync("bash", ["--norc", "--noprofile", "-c", script], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, REPOSITORY_URL: URL },
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      "DEPLOY_ENVIRONMENT: is set by the Mark action of the pipeline",
    );
  });
});

/** The example account the IAM helpers resolve references in. */
const ACCOUNT_ID = EXAMPLE_ACCOUNT;

/** A policy of a service stack of the example catalogue, its references resolved. */
function resolve(policy: string, service: string): string {
  return resolvePolicy(policy, stacks[`acme-${service}`], service);
}

/** IAM's decision for one call by the named role of the example account. */
function decide(
  policy: string,
  role: string,
  action: string,
  resourceArn: string,
): Promise<Decision> {
  return decideCall(
    policy,
    { action, resource: resourceArn },
    `arn:aws:iam::${ACCOUNT_ID}:role/${role}`,
  );
}

describe("IAM, simulated", () => {
  const ecr = (name: string) =>
    `arn:aws:ecr:eu-west-1:${ACCOUNT_ID}:repository/acme/${name}`;
  const ECR_CALLS = [
    "ecr:BatchGetImage",
    "ecr:PutImage",
    "ecr:ListImages",
    "ecr:BatchDeleteImage",
  ];

  test("the mark role may read, tag, list and untag its own repository's images", async () => {
    const policy = resolve(
      resource(stacks["acme-billing-api"], "aws_iam_role_policy", "mark_policy")
        .policy,
      "billing-api",
    );
    for (const action of ECR_CALLS)
      expect([
        action,
        await decide(
          policy,
          "acme-billing-api-mark",
          action,
          ecr("billing-api"),
        ),
      ]).toEqual([action, "Allowed"]);
    expect(
      await decide(
        policy,
        "acme-billing-api-mark",
        "s3:GetObject",
        `arn:aws:s3:::acme-artifacts-${ACCOUNT_ID}-eu-west-1/acme-billing-api/Image/abc.zip`,
      ),
    ).toBe("Allowed");
  });

  test("and nothing of another service's or a base image's repository, nor anything else", async () => {
    const policy = resolve(
      resource(stacks["acme-billing-api"], "aws_iam_role_policy", "mark_policy")
        .policy,
      "billing-api",
    );
    const denied: [string, string][] = [
      ...ECR_CALLS.map((a): [string, string] => [a, ecr("storefront")]),
      ...ECR_CALLS.map((a): [string, string] => [a, ecr("ruby-base")]),
      ["ecr:DeleteRepository", ecr("billing-api")],
      ["ecr:PutLifecyclePolicy", ecr("billing-api")],
      ["ecr:InitiateLayerUpload", ecr("billing-api")],
      ["ecr:GetAuthorizationToken", "*"],
      [
        "s3:PutObject",
        `arn:aws:s3:::acme-artifacts-${ACCOUNT_ID}-eu-west-1/acme-billing-api/Image/abc.zip`,
      ],
      [
        "s3:GetObject",
        `arn:aws:s3:::acme-artifacts-${ACCOUNT_ID}-eu-west-1/acme-storefront/Image/abc.zip`,
      ],
    ];
    for (const [action, arn] of denied)
      expect([
        action,
        arn,
        await decide(policy, "acme-billing-api-mark", action, arn),
      ]).toEqual([action, arn, "ImplicitlyDenied"]);
  });

  test("a pipeline role may start its own mark project and not another service's", async () => {
    const policy = resolve(
      resource(
        stacks["acme-billing-api"],
        "aws_iam_role_policy",
        "pipeline_policy",
      ).policy,
      "billing-api",
    );
    const project = (name: string) =>
      `arn:aws:codebuild:eu-west-1:${ACCOUNT_ID}:project/${name}`;
    for (const action of ["codebuild:StartBuild", "codebuild:BatchGetBuilds"])
      expect(
        await decide(
          policy,
          "acme-billing-api-pipeline",
          action,
          project("acme-billing-api-mark"),
        ),
      ).toBe("Allowed");
    for (const other of ["acme-storefront-mark", "acme-storefront"])
      expect(
        await decide(
          policy,
          "acme-billing-api-pipeline",
          "codebuild:StartBuild",
          project(other),
        ),
      ).toBe("ImplicitlyDenied");
    // the pipeline role itself still cannot tag images
    expect(
      await decide(
        policy,
        "acme-billing-api-pipeline",
        "ecr:PutImage",
        ecr("billing-api"),
      ),
    ).toBe("ImplicitlyDenied");
  });
});
