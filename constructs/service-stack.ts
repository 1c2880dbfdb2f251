import { DataAwsCodestarconnectionsConnection } from "@cdktf/provider-aws/lib/data-aws-codestarconnections-connection";
import { DataAwsElasticBeanstalkSolutionStack } from "@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack";
import { DataAwsKmsAlias } from "@cdktf/provider-aws/lib/data-aws-kms-alias";
import { DataAwsSecretsmanagerSecret } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret";
import { ElasticBeanstalkApplication } from "@cdktf/provider-aws/lib/elastic-beanstalk-application";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { TerraformOutput } from "./private/cdktf";
import { Construct } from "constructs";
import type {
  Catalogue,
  Connection,
  Environment,
  SecretRef,
  Service,
} from "../config/catalogue";
import { DOCKER_PLATFORM_REGEX } from "../config/defaults";
import { BeanstalkEnvironment } from "../targets/beanstalk/environment";
import { BuildProject } from "./build-project";
import { DeliveryPipeline } from "./delivery-pipeline";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { ImageMarker } from "./image-marker";
import { ImageRepository } from "./image-repository";
import { RemovedBlock } from "./removed-block";
import { consoleHostOf } from "../plan/arn";
import { instanceRoleStatements } from "../targets/beanstalk/instance-policy";
import { parameterResource } from "../plan/secrets";
import {
  DEPLOYED_TAG_PREFIX,
  renderBuildspec,
  serviceBuildspec,
} from "../plan/buildspec";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { RepositoryRef } from "../plan/iam";
import { constructIdFor, escapeTerraform } from "./private/terraform";

export interface ServiceStackProps {
  readonly catalogue: Catalogue;
  readonly service: Service;
  readonly state: StateProps;
  /** See DeliveryStackProps.crossStackPass. */
  readonly crossStackPass?: boolean;
}

/** Beanstalk application versions kept before the oldest are deleted (with their bundles). */
export const APPLICATION_VERSIONS_KEPT = 100;

/** Construct ids of what a retired service keeps: its Terraform addresses derive from them. */
const IMAGE_ID = "image";
const BUILD_ID = "build";

/**
 * Everything that is one service's own: image repository, build, pipeline, Beanstalk application
 * and environments, and the instance role its instances run with. It reads what is shared (the
 * catalogue's key, the artifact store, base image repositories, connections) by name, so it
 * never depends on another service's stack and needs no remote state.
 */
export class ServiceStack extends DeliveryStack {
  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { catalogue, service } = props;
    super(scope, id, {
      organisation: catalogue.organisation,
      region: catalogue.region,
      tags: catalogue.tags,
      state: props.state,
      crossStackPass: props.crossStackPass,
    });
    const names = this.names;
    if (service.retired) {
      this.retire(service);
      return;
    }

    const kmsKeyArn = new DataAwsKmsAlias(this, "catalogue-key", {
      name: names.kmsAlias,
    }).targetKeyArn;
    const artifactBucket = this.artifactBucket;

    const image = new ImageRepository(this, IMAGE_ID, {
      repositoryName: names.repository(service.name),
      settings: service.image,
      kmsKeyArn,
      accountId: this.accountId,
      // What an environment runs is never expired (ImageMarker tags it before each deploy).
      ...(service.environments.length > 0 && {
        protectedTagPrefix: DEPLOYED_TAG_PREFIX,
      }),
    });

    const baseImage = service.baseImage
      ? this.sharedRepository(service.baseImage)
      : undefined;
    const customImage = service.build.customImage
      ? this.sharedRepository(service.build.customImage)
      : undefined;
    const build = new BuildProject(this, BUILD_ID, {
      projectName: names.project(service.name),
      roleName: names.buildRole(service.name),
      logGroupName: names.buildLogGroup(service.name),
      description: `Builds the ${service.name} image`,
      build: service.build,
      generatedBuildspec: renderBuildspec(
        serviceBuildspec({
          baseImage: baseImage !== undefined,
          customImage: customImage !== undefined,
        }),
      ),
      buildVariables: {
        REPOSITORY_URL: image.url,
        CONTAINER_PORT: String(service.port),
        ...(baseImage && { BASE_IMAGE_URL: baseImage.url }),
      },
      kmsKeyArn,
      accountId: this.accountId,
      partition: this.partition,
      region: this.region,
      pushTo: [image.arn],
      pullFrom: baseImage ? [baseImage.arn] : [],
      ...(customImage && { customImage }),
      artifactBucket,
      artifactFolder: names.artifactFolder(service.name),
    });

    const environments = service.environments;
    let deploy: ConstructorParameters<typeof DeliveryPipeline>[2]["deploy"];
    let application: ElasticBeanstalkApplication | undefined;
    if (environments.length > 0) {
      const serviceRoleArn = `arn:${this.partition}:iam::${this.accountId}:role/${names.beanstalkServiceRole}`;
      application = new ElasticBeanstalkApplication(this, "application", {
        name: names.project(service.name),
        description: `${service.name} (${catalogue.organisation} delivery catalogue)`,
        appversionLifecycle: {
          serviceRole: serviceRoleArn,
          maxCount: APPLICATION_VERSIONS_KEPT,
          deleteSourceFromS3: true,
        },
      });
      const secrets = this.environmentSecrets(service);
      const platform = environments.some((env) => env.platform === undefined)
        ? new DataAwsElasticBeanstalkSolutionStack(this, "docker-platform", {
            mostRecent: true,
            nameRegex: DOCKER_PLATFORM_REGEX,
          }).name
        : undefined;
      const instanceRoleArns: string[] = [];
      const environmentRefs: Record<string, { name: string; id: string }> = {};
      for (const env of environments) {
        const instance = this.instanceRole(
          service,
          env,
          image,
          application.name,
          secrets[env.name],
        );
        instanceRoleArns.push(instance.role.arn);
        const beanstalk = new BeanstalkEnvironment(this, `env-${env.name}`, {
          applicationName: application.name,
          environmentName: names.environment(service.name, env.name),
          environment: env,
          solutionStackName: env.platform ?? platform!,
          serviceRoleName: names.beanstalkServiceRole,
          instanceProfileName: instance.profile.name,
          secretArns: secrets[env.name].arns,
        });
        environmentRefs[env.name] = {
          name: beanstalk.environment.name,
          id: beanstalk.environment.id,
        };
        new TerraformOutput(this, `environment-${env.name}-url`, {
          description: `Endpoint of the ${env.name} environment`,
          value: `http://${beanstalk.environment.cname}`,
        });
      }
      const marker = new ImageMarker(this, "mark", {
        projectName: names.markProject(service.name),
        roleName: names.markRole(service.name),
        logGroupName: names.markLogGroup(service.name),
        repositoryArn: image.arn,
        repositoryUrl: image.url,
        artifactBucket,
        artifactFolder: names.artifactFolder(service.name),
        kmsKeyArn,
        accountId: this.accountId,
      });
      deploy = {
        kind: "beanstalk",
        applicationName: application.name,
        environments: environments.map((env) => ({
          key: env.name,
          environmentName: names.environment(service.name, env.name),
          environmentNameRef: environmentRefs[env.name].name,
          environmentId: environmentRefs[env.name].id,
          approval: env.approval,
          deploymentPolicy: env.deploymentPolicy,
        })),
        instanceRoleArns,
        serviceRoleArn,
        markProject: {
          name: marker.project.name,
          arn: marker.project.arn,
        },
      };
    }

    const pipeline = new DeliveryPipeline(this, "pipeline", {
      pipelineName: names.project(service.name),
      roleName: names.pipelineRole(service.name),
      eventsRoleName: names.eventsRole(service.name),
      sourceRuleName: names.triggerRule(service.name, "source"),
      baseImageRuleName: names.triggerRule(service.name, "base-image"),
      source: service.source,
      ...(service.source.kind === "connection" && {
        connectionArn: this.connectionArn(catalogue, service.source.connection),
      }),
      ...(baseImage && { baseImage }),
      buildProject: { name: build.project.name, arn: build.project.arn },
      ...(deploy && { deploy }),
      artifactBucket,
      artifactFolder: names.artifactFolder(service.name),
      kmsKeyArn,
      accountId: this.accountId,
      partition: this.partition,
      region: this.region,
    });

    new TerraformOutput(this, "image-repository-url", {
      description: "Where the service's images are pushed",
      value: image.url,
    });
    new TerraformOutput(this, "pipeline-name", {
      description: "The service's pipeline",
      value: pipeline.pipeline.name,
    });
    new TerraformOutput(this, "pipeline-url", {
      description: "The pipeline in the AWS console",
      value: `https://${consoleHostOf(this.region)}/codesuite/codepipeline/pipelines/${pipeline.pipeline.name}/view?region=${this.region}`,
    });
  }

  /**
   * A retired service: its stack configures none of what runs (environments, application,
   * pipeline and its rules, build project, roles), so the next apply destroys them, and keeps
   * its image repository (with its lifecycle and repository policies, so the images stay as
   * they were) and its build logs (until their retention expires) by forgetting them.
   */
  private retire(service: Service): void {
    const kept = [
      ...ImageRepository.addresses([IMAGE_ID]),
      BuildProject.logGroupAddress([BUILD_ID]),
    ];
    for (const from of kept) new RemovedBlock(this, `keep-${from}`, { from });
    new TerraformOutput(this, "image-repository-url", {
      description:
        "Where the retired service's images are kept (no longer managed by Terraform)",
      value: this.repositoryUrl(service.name),
    });
  }

  /** A base image repository of the shared stack, by name. */
  private sharedRepository(baseImage: string): RepositoryRef {
    const name = this.names.repository(baseImage);
    return {
      name,
      arn: this.arn("ecr", `repository/${name}`),
      url: this.repositoryUrl(baseImage),
    };
  }

  private connectionArn(catalogue: Catalogue, name: string): string {
    const connection = catalogue.connections.find(
      (c) => c.name === name,
    ) as Connection;
    if (connection.kind === "existing") return connection.arn;
    // Created in the shared stack: found by its name.
    return new DataAwsCodestarconnectionsConnection(
      this,
      `connection-${name}`,
      { name: this.names.connection(name) },
    ).arn;
  }

  /** A secret's full ARN (Beanstalk wants the ARN with its random suffix) and the read action. */
  private secretGrant(ref: SecretRef): { grant: string; action: string } {
    if (ref.store === "ssm") {
      const grant = this.arn(
        "ssm",
        escapeTerraform(parameterResource(ref.name)),
      );
      return { grant, action: "ssm:GetParameter" };
    }
    const grant = ref.secretId.startsWith("arn:")
      ? ref.secretId
      : new DataAwsSecretsmanagerSecret(
          this,
          `secret-${constructIdFor(ref.secretId)}`,
          { name: ref.secretId },
        ).arn;
    return { grant, action: "secretsmanager:GetSecretValue" };
  }

  /**
   * Each environment's secrets: the ARNs Beanstalk gets (by variable name) and what its instance
   * role may read. A Secrets Manager secret named by several environments is looked up once.
   */
  private environmentSecrets(
    service: Service,
  ): Record<string, EnvironmentSecrets> {
    const lookups = new Map<string, { grant: string; action: string }>();
    const out: Record<string, EnvironmentSecrets> = {};
    for (const env of service.environments) {
      const arns: Record<string, string> = {};
      const parameterArns = new Set<string>();
      const secretArns = new Set<string>();
      for (const [name, ref] of Object.entries(env.secrets).sort(([a], [b]) =>
        a < b ? -1 : 1,
      )) {
        const key =
          ref.store === "ssm"
            ? `ssm:${ref.name}`
            : `secretsmanager:${ref.secretId}`;
        const resolved = lookups.get(key) ?? this.secretGrant(ref);
        lookups.set(key, resolved);
        // A JSON key is appended to the secret's ARN: <arn>:<key>.
        arns[name] =
          ref.store === "secretsmanager" && ref.jsonKey
            ? `${resolved.grant}:${escapeTerraform(ref.jsonKey)}`
            : resolved.grant;
        (resolved.action === "ssm:GetParameter"
          ? parameterArns
          : secretArns
        ).add(resolved.grant);
      }
      out[env.name] = {
        arns,
        parameterArns: [...parameterArns],
        secretArns: [...secretArns],
      };
    }
    return out;
  }

  /**
   * The role one environment's instances run with, and its instance profile: pull this service's
   * image, read this environment's secrets (and no other's), and the Beanstalk web-tier basics
   * scoped to this environment (webTierStatements). Ids are the environment's key.
   */
  private instanceRole(
    service: Service,
    env: Environment,
    image: ImageRepository,
    applicationName: string,
    secrets: EnvironmentSecrets,
  ): { role: IamRole; profile: IamInstanceProfile } {
    const name = this.names.instanceRole(service.name, env.name);
    const role = new IamRole(this, `instance-role-${env.name}`, {
      name,
      description: `Beanstalk instances of ${service.name} ${env.name}`,
      assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    });
    const policy = new IamRolePolicy(this, `instance-policy-${env.name}`, {
      name: "instance",
      role: role.name,
      policy: policyDocument(
        instanceRoleStatements({
          partition: this.partition,
          region: this.region,
          accountId: this.accountId,
          environmentName: this.names.environment(service.name, env.name),
          applicationName,
          imageArn: image.arn,
          parameterArns: secrets.parameterArns,
          secretArns: secrets.secretArns,
        }),
      ),
    });
    // No instance may start with the role before its permissions are there: the environment
    // (through its profile) waits for the policy too.
    const profile = new IamInstanceProfile(
      this,
      `instance-profile-${env.name}`,
      { name, role: role.name, dependsOn: [policy] },
    );
    return { role, profile };
  }
}

interface EnvironmentSecrets {
  /** Beanstalk's environment secrets: ARN (with a JSON key appended) by variable name. */
  readonly arns: Record<string, string>;
  readonly parameterArns: readonly string[];
  readonly secretArns: readonly string[];
}
