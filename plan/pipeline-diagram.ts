/**
 * A Mermaid picture of one service's pipeline, drawn from the plan's pipelines (so the README's
 * picture cannot drift from what the DeliveryPipeline construct synthesizes).
 */
import type { Catalogue, Source } from "../config/catalogue";
import { isObject } from "../config/merge";
import {
  BASE_IMAGE_ARTIFACT,
  DEPLOYED_TAG_PREFIX,
  MARK_VARIABLES,
} from "./buildspec";
import { Names } from "./names";
import { plan } from "./plan";
import { SMOKE_VARIABLES } from "./gates";
import { MARK_ACTION, SMOKE_ACTION, TESTS_ACTION } from "./pipeline-stages";
import { NOTIFICATION_EVENT_IDS } from "./notifications";
import { baseImageSource } from "../sources/base-image";
import { sourceKindOf } from "../sources/registry";
import type { BuildArtifact } from "./buildspec";
import { DEPLOY_TARGETS, serviceArtifact } from "../targets/registry";

function id(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, "_");
}

function label(text: string): string {
  return `"${text.replace(/"/g, "'")}"`;
}

export function pipelineDiagram(
  catalogue: Catalogue,
  serviceName: string,
): string {
  const service = catalogue.services.find((s) => s.name === serviceName);
  if (!service) throw new Error(`no service "${serviceName}" in the catalogue`);
  if (service.retired)
    throw new Error(`service "${serviceName}" is retired: it has no pipeline`);
  const names = new Names(catalogue.organisation);
  const pipeline = plan(catalogue).pipelines.find(
    (p) => p.path[0] === "services" && p.image === serviceName,
  );
  if (!pipeline) throw new Error(`service "${serviceName}" has no pipeline`);
  const { stages } = pipeline;

  const lines = ["flowchart LR"];
  const trigger = sourceKindOf(service.source).describe(service.source);
  lines.push(`  trigger_source([${label(trigger)}]) --> ${id("Source")}`);
  if (service.baseImage) {
    lines.push(
      `  trigger_base([${label(baseImageSource.describe(names.project(service.baseImage), names.repository(service.baseImage)))}]) -- ${label(
        `EventBridge ${names.triggerRule(service.name, "base-image")}`,
      )} --> ${id("Source")}`,
    );
  }
  for (const stage of stages) {
    lines.push(`  subgraph ${id(stage.name)} [${label(stage.name)}]`);
    const actions = stage.action;
    for (const action of actions)
      lines.push(
        `    ${id(`${stage.name}_${action.name}`)}[${label(
          describe(
            action,
            service.name,
            names,
            service.source,
            serviceArtifact(service),
            service.tests?.buildspec,
          ),
        )}]`,
      );
    // Actions with the same run order run side by side; a later run order waits for all the
    // actions of the one before.
    const orders = [...new Set(actions.map((a) => a.runOrder ?? 1))].sort(
      (a, b) => a - b,
    );
    for (let i = 1; i < orders.length; i++) {
      for (const before of actions.filter(
        (a) => (a.runOrder ?? 1) === orders[i - 1],
      ))
        for (const after of actions.filter(
          (a) => (a.runOrder ?? 1) === orders[i],
        ))
          lines.push(
            `    ${id(`${stage.name}_${before.name}`)} --> ${id(`${stage.name}_${after.name}`)}`,
          );
    }
    lines.push("  end");
  }
  for (let i = 1; i < stages.length; i++)
    lines.push(`  ${id(stages[i - 1].name)} --> ${id(stages[i].name)}`);
  const rule = pipeline.notificationRule;
  if (rule) {
    const events = Object.entries(NOTIFICATION_EVENT_IDS)
      .filter(([, eventId]) => rule.eventTypeIds.includes(eventId))
      .map(([event]) => event);
    lines.push(
      `  notifications[/${label(`notification rule ${rule.name}: ${events.join(", ")} to SNS ${rule.topicArn.split(":").pop()}`)}/]`,
      `  ${id(stages[stages.length - 1].name)} -.-> notifications`,
    );
  }
  return lines.join("\n");
}

function describe(
  action: {
    name: string;
    provider: string;
    configuration?: Record<string, string>;
  },
  service: string,
  names: Names,
  source: Source,
  artifact: BuildArtifact,
  buildspec: string | undefined,
): string {
  const c = action.configuration ?? {};
  // The source kinds say what their actions fetch.
  if (action.name === "Source")
    return `${action.name}: ${sourceKindOf(source).describeAction(source)}`;
  if (action.name === BASE_IMAGE_ARTIFACT && c.RepositoryName !== undefined)
    return `${action.name}: ${baseImageSource.describeAction(c.RepositoryName)}`;
  switch (action.provider) {
    case "CodeBuild":
      if (action.name === MARK_ACTION)
        return `${action.name}: CodeBuild ${c.ProjectName}, tag the image ${DEPLOYED_TAG_PREFIX}${variablesOf(c)[MARK_VARIABLES.environment]}.<time> so it never expires`;
      if (variablesOf(c)[MARK_VARIABLES.imageParameter])
        return `${action.name}: CodeBuild ${c.ProjectName}, record the image in ${variablesOf(c)[MARK_VARIABLES.imageParameter]}`;
      if (action.name === SMOKE_ACTION) {
        const v = variablesOf(c);
        return `${action.name}: CodeBuild ${c.ProjectName}, GET <environment URL>${pathOf(v[SMOKE_VARIABLES.url] ?? "")} until 2xx, ${v[SMOKE_VARIABLES.attempts]} attempts, else stop`;
      }
      if (action.name === TESTS_ACTION)
        return `${action.name}: CodeBuild ${c.ProjectName}, the repository's ${buildspec ?? "buildspec"} with IMAGE_URI=${names.repository(service)}:commit`;
      return `${action.name}: CodeBuild ${c.ProjectName}, push ${names.repository(service)}:commit, emit ${artifact.files.join(", ")}`;
    case "Manual":
      return c.ExternalEntityLink
        ? `${action.name}: manual approval, linking the pipeline's console page`
        : `${action.name}: manual approval`;
    default:
      for (const target of DEPLOY_TARGETS) {
        const words = target.describeDeploy(action);
        if (words !== undefined) return `${action.name}: ${words}`;
      }
      return `${action.name}: ${action.provider}`;
  }
}

/** The variables an action passes to its project, by name. */
function variablesOf(
  configuration: Record<string, string>,
): Record<string, string> {
  const variables: unknown = JSON.parse(
    configuration.EnvironmentVariables ?? "[]",
  );
  return Object.fromEntries(
    (Array.isArray(variables) ? variables : []).flatMap((v: unknown) =>
      isObject(v) && typeof v.name === "string" && typeof v.value === "string"
        ? [[v.name, v.value]]
        : [],
    ),
  );
}

/** The path of a URL (the host is the environment's, known once it exists). */
function pathOf(url: string): string {
  const match = /^[a-z]+:\/\/[^/]*(\/.*)?$/.exec(url);
  return match?.[1] ?? "/";
}

/** The example services the README draws: a Beanstalk one, and one on ECS. */
export const DIAGRAM_SERVICES = ["billing-api", "rails-app"] as const;

/**
 * The markers around a picture in the README (the first service's keep their original text).
 */
export function diagramMarkers(service: string): {
  start: string;
  end: string;
} {
  const tag =
    service === DIAGRAM_SERVICES[0]
      ? "pipeline-diagram"
      : `pipeline-diagram:${service}`;
  return {
    start: `<!-- ${tag}:start (generated by \`npm run generate\` from __tests__/fixtures/valid/example.yaml: do not edit) -->`,
    end: `<!-- ${tag}:end -->`,
  };
}

/** The README section: the picture in a Mermaid block, between its markers. */
export function readmeDiagram(
  catalogue: Catalogue,
  serviceName: string,
): string {
  const { start, end } = diagramMarkers(serviceName);
  return [
    start,
    "",
    "```mermaid",
    pipelineDiagram(catalogue, serviceName),
    "```",
    "",
    end,
  ].join("\n");
}
