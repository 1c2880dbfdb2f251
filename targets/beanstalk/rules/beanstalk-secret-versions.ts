import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { fromKey, parseSecretRef, referenceOf } from "../../../plan/secrets";
import { isObject, stringOf } from "../../../config/merge";

/**
 * Beanstalk gives an environment a Secrets Manager secret's current value (or one JSON key of it)
 * and has no way to ask for a version: a version stage or id would be silently ignored. Builds
 * (CodeBuild) read versions, so only environments are checked; a malformed reference is the
 * secret-references rule's.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html
 */
export const beanstalkSecretVersions: MergedRule = {
  id: "beanstalk-secret-versions",
  summary:
    "A Beanstalk environment's Secrets Manager secrets name a secret and an optional JSON key, not a version stage or id.",
  keys: ["services.<name>.environments.<env>.secrets"],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region) ?? "";
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const secrets = env.merged.get(["secrets"], isObject) ?? {};
        for (const [name, entry] of Object.entries(secrets)) {
          const ref = parseSecretRef(referenceOf(entry) ?? "", region);
          if (
            typeof ref !== "string" &&
            ref.store === "secretsmanager" &&
            (ref.versionStage || ref.versionId)
          )
            reportMerged(
              ctx,
              env,
              ["secrets", name, ...fromKey(entry)],
              "Beanstalk environment secrets take a secret and an optional JSON key, not a version stage or id",
            );
        }
      }
    }
  },
};
