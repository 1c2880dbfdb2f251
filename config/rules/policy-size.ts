import { policyProblems, ROLE_POLICY_LIMIT } from "../../plan/check";
import { plan } from "../../plan/plan";
import type { CatalogueRule } from "./rule";

/**
 * IAM refuses a role whose inline policies exceed its quota: every role of the plan, measured
 * as Terraform will resolve it (plan/check.ts).
 */
export const policySize: CatalogueRule = {
  id: "policy-size",
  summary: `Each role's IAM policy fits IAM's ${ROLE_POLICY_LIMIT} characters once Terraform has resolved its references.`,
  keys: [
    "services.<name>",
    "baseImages.<name>",
    "services.<name>.environments",
    "services.<name>.environments.<env>.secrets",
    "dockerBuilder",
  ],
  stage: "catalogue",
  check: ({ once, report }) => {
    for (const { path, message } of policyProblems(once(plan).roles))
      report(path, message);
  },
};
