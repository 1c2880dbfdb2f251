import { partitionOf } from "../../plan/arn";
import { getIn } from "../merge";
import type { MergedRule } from "./rule";

/**
 * Runs assume the role with the token of the catalogue's region's partition: AWS STS of one
 * partition cannot assume a role of another.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export const workspaceRolePartition: MergedRule = {
  id: "workspace-role-partition",
  summary:
    "`terraform.cloud.workspaces.awsRoleArn` is in the partition of the catalogue's region (aws, aws-cn, aws-us-gov).",
  keys: ["terraform.cloud.workspaces.awsRoleArn", "region"],
  stage: "merged",
  check: (ctx) => {
    const path = ["terraform", "cloud", "workspaces", "awsRoleArn"];
    const arn = getIn(ctx.raw, path);
    const region = ctx.raw.region;
    if (typeof arn !== "string" || typeof region !== "string") return;
    const partition = arn.split(":")[1];
    if (partition !== partitionOf(region))
      ctx.report(
        path,
        `the role must be in the partition of ${region} (${partitionOf(region)}), got ${partition}`,
      );
  },
};
