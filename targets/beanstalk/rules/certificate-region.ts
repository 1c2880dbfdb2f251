import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isString, stringOf } from "../../../config/merge";

export const certificateRegion: MergedRule = {
  id: "certificate-region",
  summary: "An HTTPS certificate is in the catalogue's region.",
  keys: ["services.<name>.environments.<env>.https.certificateArn", "region"],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region);
    if (region === undefined) return;
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const arn = env.merged.get(["https", "certificateArn"], isString);
        if (arn !== undefined && arn.split(":")[3] !== region) {
          reportMerged(
            ctx,
            env,
            ["https", "certificateArn"],
            `the certificate must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`,
          );
        }
      }
    }
  },
};
