import { getIn } from "../merge";
import type { MergedRule } from "./rule";

/** The oldest Terraform that runs every stack: `removed` blocks need 1.7. */
const MINIMUM = "1.7.0";

/**
 * Every workspace runs the stacks with the Terraform version it pins, and the stacks use `removed`
 * blocks (retired entries keep their repositories), which Terraform before 1.7 refuses to parse:
 * https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
export const workspaceTerraformVersion: MergedRule = {
  id: "workspace-terraform-version",
  summary: `The workspaces' Terraform version is ${MINIMUM} or later (the stacks use \`removed\` blocks).`,
  keys: ["terraform.cloud.workspaces.terraformVersion"],
  stage: "merged",
  check: (ctx) => {
    const path = ["terraform", "cloud", "workspaces", "terraformVersion"];
    const version = getIn(ctx.raw, path);
    if (typeof version !== "string") return;
    if (compare(version, MINIMUM) < 0)
      ctx.report(
        path,
        `the stacks need Terraform ${MINIMUM} or later (removed blocks), got ${version}`,
      );
  },
};

function compare(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
