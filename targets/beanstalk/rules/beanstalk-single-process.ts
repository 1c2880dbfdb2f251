import { isRetired, type MergedRule } from "../../../config/rules/rule";
import { HTTP_PROCESS } from "../../../config/environment-parts";
import { DEFAULTS } from "../../../config/defaults";
import { isObject, objectOf } from "../../../config/merge";

/**
 * A Beanstalk environment (single-container Docker platform) runs one container: the image with
 * its own CMD, serving HTTP. A service's other processes, and a command or stop timeout of its
 * web process, would silently not apply there; ECS runs them (kind: ecs).
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/single-container-docker-configuration.html
 */
export const beanstalkSingleProcess: MergedRule = {
  id: "beanstalk-single-process",
  summary:
    "A service with Beanstalk environments has one process, `web`, with the image's own command (a Beanstalk environment runs one container; use `kind: ecs` for more).",
  keys: ["services.<name>.processes", "services.<name>.environments.<env>"],
  stage: "merged",
  check: (ctx) => {
    for (const image of ctx.images) {
      // A retired service runs nothing.
      if (image.kind !== "service" || isRetired(image)) continue;
      const environments = image.environments;
      if (environments.length === 0) continue;
      const processes =
        image.merged.get(["processes"], isObject) ?? DEFAULTS.processes;
      const names = Object.keys(processes);
      const envs = environments.map((e) => e.name).join(", ");
      const others = names.filter((name) => name !== HTTP_PROCESS);
      if (others.length > 0)
        ctx.report(
          [...image.path, "processes", others[0]],
          `a Beanstalk environment runs one container, the web process, so ${others.join(", ")} would not run in ${envs}; give ${envs} kind: ecs (each process an ECS service), or remove ${others.length === 1 ? "it" : "them"}`,
        );
      else if (!names.includes(HTTP_PROCESS))
        ctx.report(
          [...image.path, "processes"],
          `a Beanstalk environment runs the web process, and the service has none (${envs} would run nothing); add web, or give ${envs} kind: ecs`,
        );
      const web = objectOf(processes.web);
      for (const key of ["command", "stopTimeoutSeconds"])
        if (web[key] !== undefined)
          ctx.report(
            [...image.path, "processes", HTTP_PROCESS, key],
            `a Beanstalk environment runs the image's own command and stop timeout, so this would not apply in ${envs}; give ${envs} kind: ecs, or set it in the image`,
          );
    }
  },
};
