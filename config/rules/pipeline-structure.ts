import {
  PIPELINE_ACTIONS,
  PIPELINE_STAGES,
  pipelineProblems,
  STAGE_ACTIONS,
} from "../../plan/pipeline-check";
import { plan } from "../../plan/plan";
import type { CatalogueRule } from "./rule";

/**
 * CodePipeline refuses a pipeline over its quotas (stages, actions per stage and per pipeline)
 * or against its structure rules (names, run orders, artifacts, configuration lengths): every
 * pipeline of the plan, checked once (plan/pipeline-check.ts).
 */
export const pipelineStructure: CatalogueRule = {
  id: "pipeline-structure",
  summary: `Each pipeline fits CodePipeline's quotas and rules: ${PIPELINE_STAGES.max} stages, ${STAGE_ACTIONS.max} actions in a stage (one per deployed process), ${PIPELINE_ACTIONS} in all.`,
  keys: [
    "services.<name>",
    "services.<name>.processes",
    "services.<name>.environments",
    "services.<name>.environments.<env>",
  ],
  stage: "catalogue",
  check: ({ once, report }) => {
    for (const { path, message } of pipelineProblems(once(plan).pipelines))
      report(path, message);
  },
};
