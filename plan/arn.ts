/** ARN building blocks that follow from the region alone. */

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (partition) */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** DNS suffix of the partition (ECR registry host, service principals). */
export function dnsSuffixOf(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/** The console host of the partition, for pipeline links in outputs. */
export function consoleHostOf(region: string): string {
  if (region.startsWith("cn-")) return "console.amazonaws.cn";
  if (region.startsWith("us-gov-")) return "console.amazonaws-us-gov.com";
  return "console.aws.amazon.com";
}

/** Where a regional ARN points: partition, region, account (a cdktf token at synth). */
export interface ArnScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** An ARN of a resource in the scope's account and region. */
export function arn(
  scope: ArnScope,
  service: string,
  resource: string,
): string {
  return `arn:${scope.partition}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/**
 * The principal a service acts as, in trust policies and `iam:PassedToService` (the same in
 * every partition for the services this app trusts).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services
 */
export function servicePrincipal(service: string): string {
  return `${service}.amazonaws.com`;
}

/**
 * Objects of a bucket by key or pattern (`logs/*`), after its ARN (which may be a reference).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies
 */
export function objectArn(
  bucket: { readonly arn: string },
  key: string,
): string {
  return `${bucket.arn}/${key}`;
}

/**
 * Every log stream of a log group, after the group's ARN (which may be a reference): what
 * CreateLogStream and PutLogEvents are granted on.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html#amazoncloudwatchlogs-resources-for-iam-policies
 */
export function logStreamsArn(logGroupArn: string): string {
  return `${logGroupArn}:*`;
}
