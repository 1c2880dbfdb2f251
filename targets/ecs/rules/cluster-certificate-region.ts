import type { MergedRule } from "../../../config/rules/rule";
import { getIn, objectOf, stringOf } from "../../../config/merge";

/** A load balancer uses certificates of its own region (ACM certificates are regional). */
export const clusterCertificateRegion: MergedRule = {
  id: "cluster-certificate-region",
  summary: "A cluster's HTTPS certificate is in the catalogue's region.",
  keys: ["clusters.<name>.https.certificateArn", "region"],
  stage: "merged",
  check: (ctx) => {
    const region = stringOf(ctx.raw.region);
    if (region === undefined) return;
    for (const [name, cluster] of Object.entries(objectOf(ctx.raw.clusters))) {
      const arn = stringOf(getIn(cluster, ["https", "certificateArn"]));
      if (arn !== undefined && arn.split(":")[3] !== region)
        ctx.report(
          ["clusters", name, "https", "certificateArn"],
          `the certificate must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`,
        );
    }
  },
};
