/**
 * Renders a service's Beanstalk environments into its stack: the application, per environment
 * the instance role and profile, the environment, its URL output, and the image marker; returns
 * what the pipeline's deploy stages need. Resources are created in the stack's own scope, so
 * their Terraform addresses are what they always were.
 */
import { DataAwsElasticBeanstalkSolutionStack } from "@cdktf/provider-aws/lib/data-aws-elastic-beanstalk-solution-stack";
import { ElasticBeanstalkApplication } from "@cdktf/provider-aws/lib/elastic-beanstalk-application";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { servicePrincipal } from "../../plan/arn";
import type { SecretRef, Service } from "../../config/catalogue";
import type { DeliveryStack } from "../../constructs/delivery-stack";
import type { ImageRepository } from "../../constructs/image-repository";
import { TerraformOutput } from "../../constructs/private/cdktf";
import { assumeRolePolicy, policyDocument } from "../../constructs/private/iam";
import { escapeTerraform } from "../../constructs/private/terraform";
import { roleArn } from "../../plan/refs";
import { required } from "../../plan/required";
import { parameterArn, secretKeys } from "../../plan/secrets";
import type { BeanstalkDeploy } from "./deploy";
import { BeanstalkEnvironment } from "./environment";
import { instanceRoleStatements } from "./instance-policy";
import { BeanstalkNames } from "./names";
import { DOCKER_PLATFORM_REGEX } from "./platform";
import {
  beanstalkEnvironments,
  BeanstalkEnvironment as Environment,
} from "./types";
import { environmentUrl } from "./environment-url";
import { renderHttpsRedirect } from "./redirect";
import { type DeploymentProps, secretsManagerSecretArn } from "../rendering";

/** Beanstalk application versions kept before the oldest are deleted (with their bundles). */
export const APPLICATION_VERSIONS_KEPT = 100;

export function renderBeanstalk(
  stack: DeliveryStack,
  props: DeploymentProps,
): BeanstalkDeploy {
  const { catalogue, service, image } = props;
  const environments = beanstalkEnvironments(service.environments);
  const names = new BeanstalkNames(props.names);
  const serviceRoleArn = roleArn(stack, names.serviceRole);
  const application = new ElasticBeanstalkApplication(stack, "application", {
    name: names.application(service.name),
    description: `${service.name} (${catalogue.organisation} delivery catalogue)`,
    appversionLifecycle: {
      serviceRole: serviceRoleArn,
      maxCount: APPLICATION_VERSIONS_KEPT,
      deleteSourceFromS3: true,
    },
  });
  const secrets = environmentSecrets(stack, service);
  const platform = environments.some((env) => env.platform === undefined)
    ? new DataAwsElasticBeanstalkSolutionStack(stack, "docker-platform", {
        mostRecent: true,
        nameRegex: DOCKER_PLATFORM_REGEX,
      }).name
    : undefined;
  const instanceRoleArns: string[] = [];
  const environmentRefs: Record<
    string,
    { name: string; id: string; cname: string }
  > = {};
  for (const env of environments) {
    const instance = instanceRole(
      stack,
      names,
      service,
      env,
      image,
      application.name,
      secrets[env.name],
    );
    instanceRoleArns.push(instance.role.arn);
    const beanstalk = new BeanstalkEnvironment(stack, `env-${env.name}`, {
      applicationName: application.name,
      environmentName: names.environment(service.name, env.name),
      environment: env,
      solutionStackName:
        env.platform ?? required(platform, "newest Docker platform"),
      serviceRoleName: names.serviceRole,
      instanceProfileName: instance.profile.name,
      secretArns: secrets[env.name].arns,
    });
    environmentRefs[env.name] = {
      name: beanstalk.environment.name,
      id: beanstalk.environment.id,
      cname: beanstalk.environment.cname,
    };
    if (env.https?.redirect)
      renderHttpsRedirect(stack, env.name, beanstalk.environment);
    new TerraformOutput(stack, `environment-${env.name}-url`, {
      description: `Endpoint of the ${env.name} environment`,
      value: `${environmentScheme(env)}://${beanstalk.environment.cname}`,
    });
  }
  return {
    kind: "beanstalk",
    applicationName: application.name,
    environments: environments.map((env) => ({
      key: env.name,
      environmentName: names.environment(service.name, env.name),
      environmentNameRef: environmentRefs[env.name].name,
      environmentId: environmentRefs[env.name].id,
      url: environmentUrl(environmentRefs[env.name].cname),
      approval: env.approval,
      deploymentPolicy: env.deploymentPolicy,
    })),
    instanceRoleArns,
    serviceRoleArn,
  };
}

/** How the environment is reached: HTTPS when it has a certificate. */
export function environmentScheme(env: Environment): "https" | "http" {
  return env.https ? "https" : "http";
}

/** A secret's full ARN (Beanstalk wants the ARN with its random suffix) and the read action. */
function secretGrant(
  stack: DeliveryStack,
  ref: SecretRef,
): { grant: string; action: string } {
  if (ref.store === "ssm") {
    const grant = parameterArn(stack.scope, ref.name, escapeTerraform);
    return { grant, action: "ssm:GetParameter" };
  }
  const grant = secretsManagerSecretArn(stack, ref.secretId, "secret-");
  return { grant, action: "secretsmanager:GetSecretValue" };
}

/**
 * Each environment's secrets: the ARNs Beanstalk gets (by variable name) and what its instance
 * role may read. A Secrets Manager secret named by several environments is looked up once.
 */
function environmentSecrets(
  stack: DeliveryStack,
  service: Service,
): Record<string, EnvironmentSecrets> {
  const lookups = new Map<string, { grant: string; action: string }>();
  const out: Record<string, EnvironmentSecrets> = {};
  for (const env of beanstalkEnvironments(service.environments)) {
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
      const resolved = lookups.get(key) ?? secretGrant(stack, ref);
      lookups.set(key, resolved);
      // A JSON key is appended to the secret's ARN: <arn>:<key>.
      arns[name] =
        ref.store === "secretsmanager" && ref.jsonKey
          ? `${resolved.grant}:${escapeTerraform(ref.jsonKey)}`
          : resolved.grant;
      (resolved.action === "ssm:GetParameter" ? parameterArns : secretArns).add(
        resolved.grant,
      );
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
function instanceRole(
  stack: DeliveryStack,
  names: BeanstalkNames,
  service: Service,
  env: Environment,
  image: ImageRepository,
  applicationName: string,
  secrets: EnvironmentSecrets,
): { role: IamRole; profile: IamInstanceProfile } {
  const name = names.instanceRole(service.name, env.name);
  const role = new IamRole(stack, `instance-role-${env.name}`, {
    name,
    description: `Beanstalk instances of ${service.name} ${env.name}`,
    assumeRolePolicy: assumeRolePolicy(servicePrincipal("ec2")),
  });
  const policy = new IamRolePolicy(stack, `instance-policy-${env.name}`, {
    name: "instance",
    role: role.name,
    policy: policyDocument(
      instanceRoleStatements({
        partition: stack.partition,
        region: stack.region,
        accountId: stack.accountId,
        environmentName: names.environment(service.name, env.name),
        applicationName,
        imageArn: image.arn,
        parameterArns: secrets.parameterArns,
        secretArns: secrets.secretArns,
        secretKeys: secretKeys(Object.values(env.secrets)),
      }),
    ),
  });
  // No instance may start with the role before its permissions are there: the environment
  // (through its profile) waits for the policy too.
  const profile = new IamInstanceProfile(
    stack,
    `instance-profile-${env.name}`,
    { name, role: role.name, dependsOn: [policy] },
  );
  return { role, profile };
}

interface EnvironmentSecrets {
  /** Beanstalk's environment secrets: ARN (with a JSON key appended) by variable name. */
  readonly arns: Record<string, string>;
  readonly parameterArns: readonly string[];
  readonly secretArns: readonly string[];
}
