import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isStrings } from "../../../config/merge";

/**
 * A host-header condition value: at most 128 characters (the schema), letters, digits, '-', '_',
 * '.' and the wildcards * and ?, at least one '.', and only letters after the last.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_HostHeaderConditionConfig.html
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/add-rule.html (characters)
 */
const HOST = /^[A-Za-z0-9_.*?-]+\.[A-Za-z]+$/;

export const httpHosts: MergedRule = {
  id: "http-hosts",
  summary:
    "Each `http.hosts` value is a host name or pattern the load balancer accepts (letters, digits, `-`, `_`, `.`, `*`, `?`; a `.`; letters after the last).",
  keys: ["services.<name>.environments.<env>.http.hosts"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images)
      for (const env of image.environments)
        (env.merged.get(["http", "hosts"], isStrings) ?? []).forEach(
          (host, i) => {
            if (!HOST.test(host))
              reportMerged(
                ctx,
                env,
                ["http", "hosts", i],
                `must be a host name or pattern such as api.acme.io or *.acme.io (letters, digits, '-', '_', '.' and the wildcards * and ?, with at least one '.' and only letters after the last), got ${JSON.stringify(host)}`,
              );
          },
        );
  },
};
