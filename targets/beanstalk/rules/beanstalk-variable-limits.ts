import { reportMerged, type MergedRule } from "../../../config/rules/rule";
import { isObject } from "../../../config/merge";

/**
 * Beanstalk's limits on environment properties: names up to 128 characters, values up to 256,
 * and all of them together, written as key=value, up to 4,096 bytes.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environments-cfg-softwaresettings.html
 */
export const beanstalkVariableLimits: MergedRule = {
  id: "beanstalk-variable-limits",
  summary:
    "Environment variables fit Beanstalk's limits: names up to 128 characters, values up to 256, 4,096 bytes in all.",
  keys: ["services.<name>.environments.<env>.variables"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      for (const env of image.environments) {
        const variables = env.merged.get(["variables"], isObject) ?? {};
        let total = 0;
        for (const [name, value] of Object.entries(variables)) {
          const text = String(value);
          total += Buffer.byteLength(`${name}=${text}`);
          if (name.length > 128)
            reportMerged(
              ctx,
              env,
              ["variables", name],
              `Beanstalk allows names of up to 128 characters, got ${name.length}`,
            );
          if (text.length > 256)
            reportMerged(
              ctx,
              env,
              ["variables", name],
              `Beanstalk allows values of up to 256 characters, got ${text.length}`,
            );
        }
        if (total > 4096) {
          ctx.report(
            [...env.path, "variables"],
            `Beanstalk allows 4096 bytes of variables (as key=value) per environment, got ${total}`,
          );
        }
      }
    }
  },
};
