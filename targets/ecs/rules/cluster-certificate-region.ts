import { Obj, type MergedRule } from "../../../config/rules/rule";

/** A load balancer uses certificates of its own region (ACM certificates are regional). */
export const clusterCertificateRegion: MergedRule = {
  id: "cluster-certificate-region",
  summary: "A cluster's HTTPS certificate is in the catalogue's region.",
  keys: ["clusters.<name>.https.certificateArn", "region"],
  stage: "merged",
  check: (ctx) => {
    const region = ctx.raw.region as string | undefined;
    if (region === undefined) return;
    for (const [name, cluster] of Object.entries(
      (ctx.raw.clusters ?? {}) as Obj,
    )) {
      const arn = ((cluster as Obj).https as Obj | undefined)
        ?.certificateArn as string | undefined;
      if (arn !== undefined && arn.split(":")[3] !== region)
        ctx.report(
          ["clusters", name, "https", "certificateArn"],
          `the certificate must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`,
        );
    }
  },
};
