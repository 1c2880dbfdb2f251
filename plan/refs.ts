/**
 * How the catalogue's shared resources are found by name: their ARN (and URL) forms, written
 * once. The plan calls them with measurable stand-ins (a 12-digit account id), a stack with its
 * Terraform references (its caller identity's account id), so both write the same strings.
 */
import { arn, ArnScope } from "./arn";
import type { RepositoryRef } from "./iam";

/** An ArnScope and the partition's DNS suffix (dnsSuffixOf). */
export interface RefScope extends ArnScope {
  readonly dnsSuffix: string;
}

/** A bucket by name and ARN. */
export interface BucketRef {
  readonly name: string;
  readonly arn: string;
}

/**
 * A repository by its name: its ARN and its URL (the registry host of the account and region).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html#amazonelasticcontainerregistry-resources-for-iam-policies
 */
export function repositoryRef(scope: RefScope, name: string): RepositoryRef {
  return {
    name,
    arn: arn(scope, "ecr", `repository/${name}`),
    url: `${scope.accountId}.dkr.ecr.${scope.region}.${scope.dnsSuffix}/${name}`,
  };
}

/**
 * A bucket by name: S3 ARNs name neither region nor account.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies
 */
export function bucketRef(
  scope: Pick<ArnScope, "partition">,
  name: string,
): BucketRef {
  return { name, arn: `arn:${scope.partition}:s3:::${name}` };
}

/**
 * A log group by name (the form CloudWatch Logs' ARN attribute has, without a trailing `:*`).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html#amazoncloudwatchlogs-resources-for-iam-policies
 */
export function logGroupArn(scope: ArnScope, name: string): string {
  return arn(scope, "logs", `log-group:${name}`);
}

/** A role of the scope's account by name (IAM ARNs name no region). */
export function roleArn(
  scope: Pick<ArnScope, "partition" | "accountId">,
  name: string,
): string {
  return `arn:${scope.partition}:iam::${scope.accountId}:role/${name}`;
}

/**
 * The catalogue's notification topic: an existing one the catalogue names, or the one the
 * shared stack creates under `topicName`.
 */
export function notificationTopicArn(
  scope: ArnScope,
  topicName: string,
  notifications: { readonly topicArn?: string } | undefined,
): string {
  return notifications?.topicArn ?? arn(scope, "sns", topicName);
}

/**
 * A connection's ARN: an existing one's, or the one `created` gives for a connection the shared
 * stack creates (a stand-in in the plan, a lookup by its physical name in a stack).
 */
export function connectionArn(
  connections: readonly (
    | { readonly name: string; readonly kind: "existing"; readonly arn: string }
    | { readonly name: string; readonly kind: "provider" }
  )[],
  name: string,
  created: (name: string) => string,
): string {
  const connection = connections.find((c) => c.name === name);
  return connection?.kind === "existing" ? connection.arn : created(name);
}
