/**
 * IAM refuses a role whose inline policies add up to more than 10,240 characters: many
 * environments, long names or many secrets can get there. This check renders each role's policy
 * with the same statement functions the constructs use, filled with the ARNs the Terraform
 * references will resolve to (every account id has 12 digits, every KMS key id 36 characters), and
 * refuses the catalogue at synth instead of at `terraform apply`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
import { arn as arnIn, partitionOf } from "../plan/arn";
import { buildRoleStatements } from "../plan/build-policy";
import { policyText, RepositoryRef } from "../plan/iam";
import { instanceRoleStatements } from "../plan/instance-policy";
import { markRoleStatements } from "../plan/mark-policy";
import {
  ACCOUNT_ID_FOR_LENGTH,
  ENVIRONMENT_ID_FOR_LENGTH,
  Names,
} from "../plan/names";
import { pipelineRoleStatements } from "../plan/pipeline-policy";
import { parameterResource } from "../plan/secrets";
import type { BaseImage, Catalogue, Service } from "./catalogue";
import type { Path } from "./yaml-path";

/** IAM's quota for the inline policies of one role, in characters (whitespace not counted). */
export const ROLE_POLICY_LIMIT = 10240;

const UUID = "00000000-0000-0000-0000-000000000000";

export interface PolicySize {
  readonly path: Path;
  readonly role: "build" | "pipeline" | "instance" | "mark";
  readonly characters: number;
}

/** The size each role's policy will have once Terraform has resolved its references. */
export function policySizes(catalogue: Catalogue): PolicySize[] {
  const { region } = catalogue;
  const names = new Names(catalogue.organisation);
  const partition = partitionOf(region);
  const accountId = ACCOUNT_ID_FOR_LENGTH;
  const scope = { partition, region, accountId };
  const arn = (service: string, resource: string) =>
    arnIn(scope, service, resource);
  const kmsKeyArn = arn("kms", `key/${UUID}`);
  const bucket = names.artifactBucket(accountId, region);
  const artifactBucket = {
    name: bucket,
    arn: `arn:${partition}:s3:::${bucket}`,
  };
  const repository = (image: string): RepositoryRef => ({
    name: names.repository(image),
    arn: arn("ecr", `repository/${names.repository(image)}`),
    url: `${accountId}.dkr.ecr.${region}.amazonaws.com/${names.repository(image)}`,
  });
  const connectionArn = (name: string) => {
    const connection = catalogue.connections.find((c) => c.name === name);
    return connection?.kind === "existing"
      ? connection.arn
      : arn("codeconnections", `connection/${UUID}`);
  };
  const role = (name: string) =>
    `arn:${partition}:iam::${accountId}:role/${name}`;

  const sizes: PolicySize[] = [];
  const measure = (image: BaseImage & Partial<Service>, path: Path) => {
    const n = image.name;
    const build = buildRoleStatements(
      {
        build: image.build,
        projectName: names.project(n),
        kmsKeyArn,
        accountId,
        partition,
        region,
        pushTo: [repository(n).arn],
        pullFrom: image.baseImage ? [repository(image.baseImage).arn] : [],
        ...(image.build.customImage && {
          customImage: repository(image.build.customImage),
        }),
        artifactBucket,
        artifactFolder: names.artifactFolder(n),
      },
      arn("logs", `log-group:${names.buildLogGroup(n)}`),
    );
    sizes.push({
      path,
      role: "build",
      characters: policyText(build).length,
    });

    const environments = image.environments ?? [];
    const applicationName = names.project(n);
    const pipeline = pipelineRoleStatements({
      source: image.source,
      ...(image.source.kind === "connection" && {
        connectionArn: connectionArn(image.source.connection),
      }),
      ...(image.baseImage && { baseImage: repository(image.baseImage) }),
      buildProject: {
        name: names.project(n),
        arn: arn("codebuild", `project/${names.project(n)}`),
      },
      ...(environments.length > 0 && {
        deploy: {
          applicationName,
          environments: environments.map((e) => ({
            key: e.name,
            environmentName: names.environment(n, e.name),
            environmentId: ENVIRONMENT_ID_FOR_LENGTH,
            approval: e.approval,
            deploymentPolicy: e.deploymentPolicy,
          })),
          instanceRoleArns: environments.map((e) =>
            role(names.instanceRole(n, e.name)),
          ),
          serviceRoleArn: role(names.beanstalkServiceRole),
          markProject: {
            name: names.markProject(n),
            arn: arn("codebuild", `project/${names.markProject(n)}`),
          },
        },
      }),
      artifactBucket,
      artifactFolder: names.artifactFolder(n),
      kmsKeyArn,
      accountId,
      partition,
      region,
    });
    sizes.push({
      path,
      role: "pipeline",
      characters: policyText(pipeline).length,
    });

    for (const env of environments) {
      const parameters = new Set<string>();
      const secrets = new Set<string>();
      for (const ref of Object.values(env.secrets)) {
        if (ref.store === "ssm")
          parameters.add(arn("ssm", parameterResource(ref.name)));
        // a name resolves to the secret's full ARN: the name and 7 more characters
        else
          secrets.add(
            ref.secretId.startsWith("arn:")
              ? ref.secretId
              : arn("secretsmanager", `secret:${ref.secretId}-XXXXXX`),
          );
      }
      const instance = instanceRoleStatements({
        partition,
        region,
        accountId,
        environmentName: names.environment(n, env.name),
        applicationName,
        imageArn: repository(n).arn,
        parameterArns: [...parameters],
        secretArns: [...secrets],
      });
      sizes.push({
        path: [...path, "environments", env.name],
        role: "instance",
        characters: policyText(instance).length,
      });
      const mark = markRoleStatements(
        {
          repositoryArn: repository(n).arn,
          artifactBucket,
          artifactFolder: names.artifactFolder(n),
          kmsKeyArn,
        },
        arn("logs", `log-group:${names.markLogGroup(n)}`),
      );
      sizes.push({
        path,
        role: "mark",
        characters: policyText(mark).length,
      });
    }
  };
  // A retired entry has no roles.
  for (const base of catalogue.baseImages.filter((b) => !b.retired))
    measure(base, ["baseImages", base.name]);
  for (const service of catalogue.services.filter((s) => !s.retired))
    measure(service, ["services", service.name]);
  return sizes;
}

/** Roles whose policy IAM would refuse, as problems at the service or base image. */
export function policySizeProblems(
  catalogue: Catalogue,
): { path: Path; message: string }[] {
  return policySizes(catalogue)
    .filter((size) => size.characters > ROLE_POLICY_LIMIT)
    .map((size) => ({
      path: size.path,
      message:
        `its ${size.role} role's policy would be ${size.characters} characters; IAM allows ${ROLE_POLICY_LIMIT} per role ` +
        "(fewer environments or secrets, or shorter names, make it fit)",
    }));
}
