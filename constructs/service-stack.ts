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
  SecretRef,
  Service,
} from "../config/catalogue";
import { DOCKER_PLATFORM_REGEX } from "../config/defaults";
import { BeanstalkEnvironment } from "./beanstalk-environment";
import { BuildProject } from "./build-project";
import { DeliveryPipeline } from "./delivery-pipeline";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { ImageRepository } from "./image-repository";
import { consoleHostOf } from "./private/arn";
import { instanceRoleStatements } from "./private/instance-policy";
import { parameterResource } from "./private/secrets";
import { renderBuildspec, serviceBuildspec } from "./private/buildspec";
import { assumeRolePolicy, policyDocument, RepositoryRef } from "./private/iam";
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

    const kmsKeyArn = new DataAwsKmsAlias(this, "catalogue-key", {
      name: names.kmsAlias,
    }).targetKeyArn;
    const artifactBucket = this.artifactBucket;

    const image = new ImageRepository(this, "image", {
      repositoryName: names.repository(service.name),
      settings: service.image,
      kmsKeyArn,
      accountId: this.accountId,
    });

    const baseImage = service.baseImage
      ? this.sharedRepository(service.baseImage)
      : undefined;
    const customImage = service.build.customImage
      ? this.sharedRepository(service.build.customImage)
      : undefined;
    const build = new BuildProject(this, "build", {
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
      const instanceRole = this.instanceRole(service, image, application.name);
      const profile = new IamInstanceProfile(this, "instance-profile", {
        name: names.instanceRole(service.name),
        role: instanceRole.role.name,
      });
      const platform = environments.some((env) => env.platform === undefined)
        ? new DataAwsElasticBeanstalkSolutionStack(this, "docker-platform", {
            mostRecent: true,
            nameRegex: DOCKER_PLATFORM_REGEX,
          }).name
        : undefined;
      for (const env of environments) {
        const beanstalk = new BeanstalkEnvironment(this, `env-${env.name}`, {
          applicationName: application.name,
          environmentName: names.environment(service.name, env.name),
          environment: env,
          solutionStackName: env.platform ?? platform!,
          serviceRoleName: names.beanstalkServiceRole,
          instanceProfileName: profile.name,
          secretArns: instanceRole.secretArns[env.name],
        });
        new TerraformOutput(this, `environment-${env.name}-url`, {
          description: `Endpoint of the ${env.name} environment`,
          value: `http://${beanstalk.environment.cname}`,
        });
      }
      deploy = {
        applicationName: application.name,
        environments: environments.map((env) => ({
          key: env.name,
          environmentName: names.environment(service.name, env.name),
          approval: env.approval,
          deploymentPolicy: env.deploymentPolicy,
        })),
        passRoleArns: [instanceRole.role.arn, serviceRoleArn],
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

  /** A base image repository of the shared stack, by name. */
  private sharedRepository(baseImage: string): RepositoryRef {
    const name = this.names.repository(baseImage);
    return {
      name,
      arn: this.arn("ecr", `repository/${name}`),
      url: `${this.accountId}.dkr.ecr.${this.region}.${this.dnsSuffix}/${name}`,
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
   * The role the service's instances run with: pull this service's image, read its environments'
   * secrets, and the Beanstalk web-tier basics scoped to this service (webTierStatements).
   */
  private instanceRole(
    service: Service,
    image: ImageRepository,
    applicationName: string,
  ) {
    const role = new IamRole(this, "instance-role", {
      name: this.names.instanceRole(service.name),
      description: `Beanstalk instances of ${service.name}`,
      assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    });
    const secretArns: Record<string, Record<string, string>> = {};
    const grants = new Map<string, Set<string>>();
    const lookups = new Map<string, { grant: string; action: string }>();
    for (const env of service.environments) {
      secretArns[env.name] = {};
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
        secretArns[env.name][name] =
          ref.store === "secretsmanager" && ref.jsonKey
            ? `${resolved.grant}:${escapeTerraform(ref.jsonKey)}`
            : resolved.grant;
        grants.set(
          resolved.action,
          (grants.get(resolved.action) ?? new Set()).add(resolved.grant),
        );
      }
    }
    const statements = instanceRoleStatements({
      partition: this.partition,
      region: this.region,
      accountId: this.accountId,
      environmentNames: service.environments.map((env) =>
        this.names.environment(service.name, env.name),
      ),
      applicationName,
      imageArn: image.arn,
      parameterArns: [...(grants.get("ssm:GetParameter") ?? [])],
      secretArns: [...(grants.get("secretsmanager:GetSecretValue") ?? [])],
    });
    new IamRolePolicy(this, "instance-policy", {
      name: "instance",
      role: role.name,
      policy: policyDocument(statements),
    });
    return { role, secretArns };
  }
}
