import { parseSecretRef, referenceOf } from "../../../plan/secrets";
import { SECRET_PLATFORMS } from "../platform";
import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isObject, isString, stringOf } from "../../../config/merge";

const PLATFORM =
  /^64bit Amazon Linux (2023|2) v(\d+)\.(\d+)\.(\d+) running Docker$/;

/** The Amazon Linux versions PLATFORM matches, as SECRET_PLATFORMS keys them. */
type Linux = "2023" | "2";
const isLinux = (text: string): text is Linux =>
  text === "2023" || text === "2";

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * A pinned platform must be new enough for the secrets its environment is given: Beanstalk
 * resolves them on the instance, and an older platform leaves the variables unset. The
 * versions and their sources are in SECRET_PLATFORMS (../platform.ts). Without a pinned
 * platform the newest Docker platform is used, which reads both forms.
 */
export const platformSecrets: MergedRule = {
  id: "platform-secrets",
  summary:
    "A pinned Beanstalk platform is new enough to read its environment's secrets (and their JSON keys).",
  keys: [
    "services.<name>.environments.<env>.platform",
    "services.<name>.environments.<env>.secrets",
  ],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region) ?? "";
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const platform = env.merged.get(["platform"], isString);
        const secrets = env.merged.get(["secrets"], isObject) ?? {};
        const match = platform === undefined ? null : PLATFORM.exec(platform);
        if (!match || Object.keys(secrets).length === 0) continue;
        const linux = match[1];
        if (!isLinux(linux)) continue; // PLATFORM matches no other

        const version = match.slice(2, 5).map(Number);
        const withKey = Object.keys(secrets).find((name) => {
          const ref = parseSecretRef(referenceOf(secrets[name]) ?? "", region);
          return (
            typeof ref !== "string" &&
            ref.store === "secretsmanager" &&
            ref.jsonKey !== undefined
          );
        });
        const form =
          withKey === undefined
            ? SECRET_PLATFORMS.secrets
            : SECRET_PLATFORMS.jsonKey;
        const of =
          withKey === undefined
            ? "environment secrets"
            : `the JSON key in secrets.${withKey}`;
        const got = `got Amazon Linux ${linux} v${version.join(".")}`;
        // Each form lists the versions it is documented for.
        const minimums: Partial<Record<Linux, string>> = form.minimum;
        const minimum = minimums[linux];
        if (minimum === undefined) {
          reportMerged(
            ctx,
            env,
            ["platform"],
            `cannot read ${of}, ${got} (${form.what} are documented for Amazon Linux 2023 only: v${form.minimum["2023"]} or later, released on or after ${form.released})`,
          );
        } else if (
          compareVersions(version, minimum.split(".").map(Number)) < 0
        ) {
          reportMerged(
            ctx,
            env,
            ["platform"],
            `is too old for ${of}, ${got} (${form.what} need a platform released on or after ${form.released}: Amazon Linux ${linux} v${minimum} or later; or leave platform out for the newest)`,
          );
        }
      }
    }
  },
};
