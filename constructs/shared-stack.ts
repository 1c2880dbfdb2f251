import { CodeconnectionsConnection } from "@cdktf/provider-aws/lib/codeconnections-connection";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformOutput } from "./private/cdktf";
import { Construct } from "constructs";
import type { BaseImage, Catalogue } from "../config/catalogue";
import { DEFAULTS } from "../config/defaults";
import { ArtifactStore } from "./artifact-store";
import { BuildProject } from "./build-project";
import { DeliveryPipeline } from "./delivery-pipeline";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { ImageRepository } from "./image-repository";
import { RemovedBlock } from "./removed-block";
import {
  baseImageBuildspec,
  dockerBuilderBuildspec,
  renderBuildspec,
} from "../plan/buildspec";
import { BASE_IMAGE_TAG } from "../sources/base-image";
import {
  ECR_WRITE_ACTIONS,
  KMS_USE_ACTIONS,
  RepositoryRef,
  Statement,
} from "../plan/iam";
import { policyDocument } from "./private/iam";
import { renderSharedDeployment } from "../targets/renderers";

export interface SharedStackProps {
  readonly catalogue: Catalogue;
  readonly state: StateProps;
  /** See DeliveryStackProps.crossStackPass. */
  readonly crossStackPass?: boolean;
}

/** Days a scheduled key deletion waits (the maximum): a mistaken destroy can be cancelled. */
export const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * What services share: the catalogue's KMS key, source connections, the Beanstalk service role,
 * the artifact store, base images with their pipelines, and the docker builder. Service stacks
 * find these by name.
 */
export class SharedStack extends DeliveryStack {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    const { catalogue } = props;
    super(scope, id, {
      organisation: catalogue.organisation,
      region: catalogue.region,
      tags: catalogue.tags,
      state: props.state,
      crossStackPass: props.crossStackPass,
    });
    const names = this.names;

    this.key = new KmsKey(this, "key", {
      description: `Encrypts the ${catalogue.organisation} delivery catalogue's images, artifacts and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: policyDocument(this.keyPolicy()),
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "key-alias", {
      name: names.kmsAlias,
      targetKeyId: this.key.keyId,
    });
    const kmsKeyArn = this.key.arn;

    const connectionArns: Record<string, string> = {};
    for (const connection of catalogue.connections) {
      if (connection.kind === "existing") {
        connectionArns[connection.name] = connection.arn;
        new TerraformOutput(this, `connection-${connection.name}-arn`, {
          description: `Connection "${connection.name}" (existing)`,
          value: connection.arn,
        });
        continue;
      }
      const created = new CodeconnectionsConnection(
        this,
        `connection-${connection.name}`,
        {
          name: names.connection(connection.name),
          // A self-hosted provider is reached through its host, which carries the provider type.
          ...(connection.hostArn
            ? { hostArn: connection.hostArn }
            : { providerType: connection.provider }),
        },
      );
      connectionArns[connection.name] = created.arn;
      new TerraformOutput(this, `connection-${connection.name}-arn`, {
        description: `Connection "${connection.name}": PENDING until confirmed once in the console (Developer Tools > Settings > Connections)`,
        value: created.arn,
      });
    }

    renderSharedDeployment(this);

    const store = new ArtifactStore(this, "artifacts", {
      bucketName: this.artifactBucket.name,
      kmsKeyArn,
    });
    const artifactBucket = { name: store.bucket.bucket, arn: store.bucket.arn };

    const repositories = new Map<string, ImageRepository>();
    for (const base of catalogue.baseImages) {
      if (base.retired) {
        // Its pipeline and build go; its repository (which ECR would refuse to delete while it
        // holds images) and build logs are kept, no longer managed.
        const kept = [
          ...ImageRepository.addresses([baseRepositoryId(base.name)]),
          BuildProject.logGroupAddress([baseBuildId(base.name)]),
        ];
        for (const from of kept)
          new RemovedBlock(this, `keep-${from}`, { from });
        continue;
      }
      repositories.set(
        base.name,
        new ImageRepository(this, baseRepositoryId(base.name), {
          repositoryName: names.repository(base.name),
          settings: base.image,
          kmsKeyArn,
          movableTag: BASE_IMAGE_TAG,
        }),
      );
    }
    for (const base of catalogue.baseImages.filter((b) => !b.retired)) {
      this.baseImagePipeline(base, repositories, {
        kmsKeyArn,
        artifactBucket,
        connectionArns,
      });
    }

    if (catalogue.dockerBuilder) {
      const builder = catalogue.dockerBuilder;
      const project = new BuildProject(this, "docker-builder", {
        projectName: names.dockerBuilder,
        roleName: names.dockerBuilder,
        logGroupName: names.dockerBuilderLogGroup,
        description:
          "Builds any repository on demand and pushes it to this catalogue's ECR (see README)",
        build: {
          computeType: builder.computeType,
          image: DEFAULTS.build.image,
          privileged: true,
          timeoutMinutes: builder.timeoutMinutes,
          variables: {},
          secrets: {},
          cache: "none",
        },
        generatedBuildspec: renderBuildspec(dockerBuilderBuildspec()),
        buildVariables: {},
        kmsKeyArn,
        // Every repository of this catalogue, and only those: their names share the prefix.
        pushTo: [this.arn("ecr", `repository/${catalogue.organisation}/*`)],
        pullFrom: [],
        extraStatements: [
          ...connectionStatements(Object.values(connectionArns)),
          // A push of a base image's `latest` starts every pipeline built FROM it: base images
          // come from their own pipelines only.
          ...(repositories.size > 0
            ? [
                {
                  sid: "NeverPushBaseImages",
                  effect: "Deny" as const,
                  actions: ECR_WRITE_ACTIONS.slice(),
                  resources: [...repositories.values()].map((r) => r.arn),
                },
              ]
            : []),
        ],
      });
      new TerraformOutput(this, "docker-builder-project", {
        description: "Start with aws codebuild start-build (see README)",
        value: project.project.name,
      });
    }

    new TerraformOutput(this, "artifact-bucket", {
      description: "The pipelines' artifact store",
      value: store.bucket.bucket,
    });
    new TerraformOutput(this, "kms-key-arn", {
      description: "The catalogue's KMS key",
      value: kmsKeyArn,
    });
    for (const base of catalogue.baseImages) {
      new TerraformOutput(this, `base-${base.name}-repository-url`, {
        description: base.retired
          ? `Base image ${base.name} (retired: kept, no longer managed by Terraform)`
          : `Base image ${base.name}`,
        value: base.retired
          ? this.repositoryUrl(base.name)
          : repositories.get(base.name)!.url,
      });
    }
  }

  private baseImagePipeline(
    base: BaseImage,
    repositories: ReadonlyMap<string, ImageRepository>,
    shared: {
      kmsKeyArn: string;
      artifactBucket: { name: string; arn: string };
      connectionArns: Record<string, string>;
    },
  ): void {
    const names = this.names;
    const repository = repositories.get(base.name)!;
    const custom = base.build.customImage
      ? repositories.get(base.build.customImage)
      : undefined;
    const customImage: RepositoryRef | undefined = custom && {
      arn: custom.arn,
      name: custom.name,
      url: custom.url,
    };
    const build = new BuildProject(this, baseBuildId(base.name), {
      projectName: names.project(base.name),
      roleName: names.buildRole(base.name),
      logGroupName: names.buildLogGroup(base.name),
      description: `Builds the ${base.name} base image`,
      build: base.build,
      generatedBuildspec: renderBuildspec(
        baseImageBuildspec({ customImage: customImage !== undefined }),
      ),
      buildVariables: { REPOSITORY_URL: repository.url },
      kmsKeyArn: shared.kmsKeyArn,
      pushTo: [repository.arn],
      pullFrom: [],
      ...(customImage && { customImage }),
      artifactBucket: shared.artifactBucket,
      artifactFolder: names.artifactFolder(base.name),
    });
    new DeliveryPipeline(this, `base-${base.name}-pipeline`, {
      pipelineName: names.project(base.name),
      roleName: names.pipelineRole(base.name),
      eventsRoleName: names.eventsRole(base.name),
      sourceRuleName: names.triggerRule(base.name, "source"),
      baseImageRuleName: names.triggerRule(base.name, "base-image"),
      source: base.source,
      ...(base.source.kind === "connection" && {
        connectionArn: shared.connectionArns[base.source.connection],
      }),
      buildProject: { name: build.project.name, arn: build.project.arn },
      artifactBucket: shared.artifactBucket,
      artifactFolder: names.artifactFolder(base.name),
      kmsKeyArn: shared.kmsKeyArn,
    });
  }

  /**
   * The account administers the key (the default key policy, which lets IAM policies grant use);
   * CloudWatch Logs may use it for this account's log groups; the delivery services may use it
   * on behalf of this account's principals only.
   * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  private keyPolicy(): Statement[] {
    const root = `arn:${this.partition}:iam::${this.accountId}:root`;
    const via = ["codebuild", "codepipeline", "ecr", "s3"].map(
      (service) => `${service}.${this.region}.${this.dnsSuffix}`,
    );
    return [
      {
        sid: "AccountAdministers",
        principals: { AWS: [root] },
        actions: ["kms:*"],
        resources: ["*"],
      },
      {
        sid: "CloudWatchLogsOfThisAccount",
        principals: { Service: [`logs.${this.region}.${this.dnsSuffix}`] },
        actions: [
          "kms:Decrypt*",
          "kms:Describe*",
          "kms:Encrypt*",
          "kms:GenerateDataKey*",
          "kms:ReEncrypt*",
        ],
        resources: ["*"],
        conditions: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": this.arn(
              "logs",
              "log-group:*",
            ),
          },
        },
      },
      {
        sid: "DeliveryServicesForThisAccount",
        principals: { AWS: [root] },
        actions: [...KMS_USE_ACTIONS, "kms:CreateGrant"],
        resources: ["*"],
        conditions: {
          StringEquals: {
            "kms:CallerAccount": this.accountId,
            "kms:ViaService": via,
          },
        },
      },
    ];
  }
}

/** Construct ids of a base image's repository and build: its Terraform addresses derive from them. */
function baseRepositoryId(name: string): string {
  return `base-${name}`;
}
function baseBuildId(name: string): string {
  return `base-${name}-build`;
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
