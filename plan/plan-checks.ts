/**
 * The checks on the plan's roles and pipelines (policy sizes, CodePipeline's structure), walked
 * one live entry at a time (planParts), so a large catalogue's whole plan is never held while the
 * catalogue is loaded: at 2000 services it would add about 95 MB to the synth's peak memory.
 */
import type { Catalogue } from "../config/catalogue";
import { PlanProblem, policyProblems } from "./check";
import { pipelineProblems } from "./pipeline-check";
import { planParts } from "./plan";

export interface PlanChecks {
  /** Roles over IAM's policy size (rule policy-size). */
  readonly policies: readonly PlanProblem[];
  /** Pipelines against CodePipeline's quotas and rules (rule pipeline-structure). */
  readonly pipelines: readonly PlanProblem[];
}

export function planChecks(catalogue: Catalogue): PlanChecks {
  const policies: PlanProblem[] = [];
  const pipelines: PlanProblem[] = [];
  for (const part of planParts(catalogue)) {
    policies.push(...policyProblems(part.roles));
    pipelines.push(...pipelineProblems(part.pipelines));
  }
  return { policies, pipelines };
}
