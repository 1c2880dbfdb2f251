import { kmsKeyProblem } from "../../plan/secrets";
import { isObject, type Merged } from "../merge";
import type { Path } from "../yaml-path";
import { reportMerged, type MergedRule, type RuleContext } from "./rule";

function checkKeys(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
): void {
  // Without a region the region comparison would be noise.
  const region = typeof ctx.raw.region === "string" ? ctx.raw.region : "";
  const secrets = image.merged.get(rel, isObject) ?? {};
  for (const [name, entry] of Object.entries(secrets)) {
    if (!isObject(entry) || typeof entry.kmsKey !== "string") continue;
    const problem = kmsKeyProblem(entry.kmsKey, region);
    if (problem) reportMerged(ctx, image, [...rel, name, "kmsKey"], problem);
  }
}

/**
 * A secret's kmsKey is what the roles that read the secret are granted kms:Decrypt on: a key's
 * ARN in the catalogue's partition and region (an alias's ARN would grant nothing; an AWS-managed
 * key needs no grant). See kmsKeyProblem.
 */
export const secretKeys: MergedRule = {
  id: "secret-keys",
  summary:
    "A secret's `kmsKey` is the ARN of a customer-managed key (not an alias, not an AWS-managed key) in the catalogue's partition and region.",
  keys: [
    "services.<name>.build.secrets.<NAME>.kmsKey",
    "services.<name>.environments.<env>.secrets.<NAME>.kmsKey",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      checkKeys(ctx, image, ["build", "secrets"]);
      for (const env of image.environments) checkKeys(ctx, env, ["secrets"]);
    }
  },
};
