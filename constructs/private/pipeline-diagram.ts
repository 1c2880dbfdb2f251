/**
 * A Mermaid picture of one service's pipeline, drawn from the same stage function the
 * DeliveryPipeline construct synthesizes (so the README's picture cannot drift from the code).
 */
import type { Catalogue } from "../../config/catalogue";
import { MARK_ACTION, pipelineStages } from "../delivery-pipeline";
import { DEPLOYED_TAG_PREFIX } from "../../plan/buildspec";
import { Names } from "../../plan/names";

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
  const pipelineName = names.project(service.name);
  const stages = pipelineStages({
    pipelineName,
    source: service.source,
    ...(service.source.kind === "connection" && {
      connectionArn: `connection ${service.source.connection}`,
    }),
    ...(service.baseImage && {
      baseImage: {
        name: names.repository(service.baseImage),
        arn: "",
        url: "",
      },
    }),
    buildProject: { name: names.project(service.name), arn: "" },
    deploy: {
      applicationName: pipelineName,
      environments: service.environments.map((e) => ({
        key: e.name,
        environmentName: names.environment(service.name, e.name),
        environmentId: "",
        approval: e.approval,
        deploymentPolicy: e.deploymentPolicy,
      })),
      instanceRoleArns: [],
      serviceRoleArn: "",
      markProject: { name: names.markProject(service.name), arn: "" },
    },
  });

  const lines = ["flowchart LR"];
  const source = service.source;
  const trigger =
    source.kind === "connection"
      ? `git push to ${source.repository} ${source.branch}`
      : source.kind === "codecommit"
        ? `git push to CodeCommit ${source.repository} ${source.branch}`
        : `upload of s3://${source.bucket}/${source.key}`;
  lines.push(`  trigger_source([${label(trigger)}]) --> ${id("Source")}`);
  if (service.baseImage) {
    lines.push(
      `  trigger_base([${label(`pipeline ${names.project(service.baseImage)} pushes ${names.repository(service.baseImage)}:latest`)}]) -- ${label(
        `EventBridge ${names.triggerRule(service.name, "base-image")}`,
      )} --> ${id("Source")}`,
    );
  }
  for (const stage of stages) {
    lines.push(`  subgraph ${id(stage.name)} [${label(stage.name)}]`);
    const actions = stage.action as {
      name: string;
      provider: string;
      runOrder?: number;
      configuration?: Record<string, string>;
    }[];
    for (const action of actions)
      lines.push(
        `    ${id(`${stage.name}_${action.name}`)}[${label(describe(action, service.name, names))}]`,
      );
    // Actions with the same run order run side by side; a later run order waits for the earlier.
    for (let i = 1; i < actions.length; i++) {
      if ((actions[i].runOrder ?? 1) <= (actions[i - 1].runOrder ?? 1))
        continue;
      lines.push(
        `    ${id(`${stage.name}_${actions[i - 1].name}`)} --> ${id(`${stage.name}_${actions[i].name}`)}`,
      );
    }
    lines.push("  end");
  }
  for (let i = 1; i < stages.length; i++)
    lines.push(`  ${id(stages[i - 1].name)} --> ${id(stages[i].name)}`);
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
): string {
  const c = action.configuration ?? {};
  switch (action.provider) {
    case "CodeStarSourceConnection":
      return `${action.name}: ${c.FullRepositoryId}@${c.BranchName} via ${c.ConnectionArn}`;
    case "CodeCommit":
      return `${action.name}: CodeCommit ${c.RepositoryName}@${c.BranchName}`;
    case "S3":
      return `${action.name}: s3://${c.S3Bucket}/${c.S3ObjectKey}`;
    case "ECR":
      return `${action.name}: ECR ${c.RepositoryName}:${c.ImageTag}`;
    case "CodeBuild":
      if (action.name === MARK_ACTION)
        return `${action.name}: CodeBuild ${c.ProjectName}, tag the image ${DEPLOYED_TAG_PREFIX}${environmentOf(c)}.<time> so it never expires`;
      return `${action.name}: CodeBuild ${c.ProjectName}, push ${names.repository(service)}:commit, emit Dockerrun.aws.json`;
    case "Manual":
      return `${action.name}: manual approval`;
    case "ElasticBeanstalk":
      return `${action.name}: Beanstalk ${c.EnvironmentName}`;
    default:
      return `${action.name}: ${action.provider}`;
  }
}

/** The environment a Mark action passes to the mark project. */
function environmentOf(configuration: Record<string, string>): string {
  const variables = JSON.parse(configuration.EnvironmentVariables ?? "[]") as {
    name: string;
    value: string;
  }[];
  return variables.map((v) => v.value).join(",");
}

export const DIAGRAM_START =
  "<!-- pipeline-diagram:start (generated by `npm run generate` from __tests__/fixtures/valid/example.yaml: do not edit) -->";
export const DIAGRAM_END = "<!-- pipeline-diagram:end -->";
/** The example service the README draws. */
export const DIAGRAM_SERVICE = "billing-api";

/** The README section: the picture in a Mermaid block, between its markers. */
export function readmeDiagram(
  catalogue: Catalogue,
  serviceName: string,
): string {
  return [
    DIAGRAM_START,
    "",
    "```mermaid",
    pipelineDiagram(catalogue, serviceName),
    "```",
    "",
    DIAGRAM_END,
  ].join("\n");
}
