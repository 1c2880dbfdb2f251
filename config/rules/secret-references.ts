import { fromKey, parseSecretRef, referenceOf } from "../../plan/secrets";
import type { Merged } from "../merge";
import type { Path } from "../yaml-path";
import { reportMerged, type MergedRule, type RuleContext } from "./rule";
import { isObject, stringOf } from "../merge";

function checkSecrets(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
): void {
  const region = stringOf(ctx.raw.region);
  const secrets = image.merged.get(rel, isObject) ?? {};
  for (const [name, entry] of Object.entries(secrets)) {
    const text = referenceOf(entry);
    if (text === undefined) continue;
    const ref = parseSecretRef(text, region ?? "");
    // Without a valid region the region comparison would be noise.
    if (
      typeof ref === "string" &&
      (region !== undefined || !ref.includes("region"))
    )
      reportMerged(ctx, image, [...rel, name, ...fromKey(entry)], ref);
  }
}

export const secretReferences: MergedRule = {
  id: "secret-references",
  summary:
    "Secret references are well formed, complete and in the catalogue's region, and no name is both a variable and a secret.",
  keys: [
    "services.<name>.build.secrets",
    "services.<name>.environments.<env>.secrets",
  ],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      checkSecrets(ctx, image, ["build", "secrets"]);
      for (const env of image.environments) {
        checkSecrets(ctx, env, ["secrets"]);
        const variables = env.merged.get(["variables"], isObject) ?? {};
        for (const name of Object.keys(
          env.merged.get(["secrets"], isObject) ?? {},
        )) {
          if (name in variables)
            reportMerged(
              ctx,
              env,
              ["secrets", name],
              `${name} is both a variable and a secret`,
            );
        }
      }
    }
  },
};
