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
