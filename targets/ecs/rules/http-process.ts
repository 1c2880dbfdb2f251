import {
  isRetired,
  reportMerged,
  type MergedImage,
  type MergedRule,
} from "../../../config/rules/rule";
import { formatPath } from "../../../config/yaml-path";
import { HTTP_PROCESS } from "../../../config/environment-parts";
import { processNames } from "../listener-rules";

/**
 * The web process is reached through the load balancer's listener rule, which `http` describes:
 * an ECS environment gives `http` exactly when its service has a web process. An http inherited
 * from defaults.environment is not applied to a service without one (workers).
 */
/** Whether the environment's http is its own (not inherited from defaults.environment). */
const written = (env: MergedImage["environments"][number]) =>
  formatPath(env.merged.origin(["http"])) === formatPath([...env.path, "http"]);

export const httpProcess: MergedRule = {
  id: "http-process",
  summary:
    "An ECS environment gives `http` exactly when its service has a `web` process (the one behind the load balancer; one inherited from `defaults.environment` is not applied to others).",
  keys: [
    "services.<name>.environments.<env>.http",
    "services.<name>.processes",
  ],
  stage: "merged",
  check: (ctx) => {
    // A retired service runs nothing.
    for (const image of ctx.images.filter((i) => !isRetired(i))) {
      const processes = processNames(image);
      const web = processes.includes(HTTP_PROCESS);
      for (const env of image.environments) {
        const http = env.merged.get(["http"]) !== undefined;
        if (web && !http)
          ctx.report(
            env.path,
            `needs http (the hosts and paths the load balancer sends to the service's web process)`,
          );
        else if (!web && http && written(env))
          reportMerged(
            ctx,
            env,
            ["http"],
            `the service has no web process to send requests to (processes: ${processes.join(", ")}); remove http, or add a web process`,
          );
      }
    }
  },
};
