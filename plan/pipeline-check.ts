/**
 * What CodePipeline refuses in a pipeline's structure, checked once on the plan's pipelines
 * (plan.pipelines): its quotas (stages, actions), its name and artifact rules, and the structure
 * rules of its pipeline structure reference. The catalogue rule pipeline-structure
 * (config/rules/) reports each problem at the YAML line of the entry that causes it.
 *
 * Quotas (fixed unless noted): https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html
 * Structure: https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
 * Shapes (name patterns, runOrder, configuration lengths), CodePipeline API model:
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionDeclaration.html
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_StageDeclaration.html
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_OutputArtifact.html
 */
import type { Path } from "../config/yaml-path";
import { DEPLOY_TARGETS } from "../targets/registry";
import { ActionArtifacts, GENERIC_ACTION_ARTIFACTS } from "./action-artifacts";
import type { PlanProblem } from "./check";
import type { ActionPlan, StagePlan } from "./pipeline-stages";

/** Quotas: "Number of stages in a pipeline: minimum of 2, maximum of 50". */
export const PIPELINE_STAGES = { min: 2, max: 50 };
/**
 * Quotas: "Number of actions in a stage: minimum of 1, maximum of 50" (and at most 50 parallel,
 * 50 sequential: both within this).
 */
export const STAGE_ACTIONS = { min: 1, max: 50 };
/** Quotas: "Maximum number of actions per pipeline: 500". */
export const PIPELINE_ACTIONS = 500;

/**
 * Stage and action names: "cannot exceed 100 characters", letters, digits and . @ - _
 * (API StageName, ActionName: [A-Za-z0-9.@\-_]+, 1 to 100).
 */
const NAME = /^[A-Za-z0-9.@_-]{1,100}$/;
export const NAME_LENGTH = 100;
/** API ArtifactName: [a-zA-Z0-9_\-]+, 1 to 100. */
const ARTIFACT_NAME = /^[A-Za-z0-9_-]{1,100}$/;
/** API ActionNamespace: [A-Za-z0-9@\-_]+, 1 to 100. */
const NAMESPACE = /^[A-Za-z0-9@_-]{1,100}$/;
/** API ActionRunOrder: 1 to 999. */
export const RUN_ORDER = { min: 1, max: 999 };
/**
 * Quotas: "Maximum length of the action configuration key: 50 characters", "... value: 1000
 * characters" (API ActionConfigurationValue: 1 to 1000).
 */
export const CONFIGURATION_KEY_LENGTH = 50;
export const CONFIGURATION_VALUE_LENGTH = 1000;

/**
 * The artifact counts of each provider the pipelines use: the generic ones and each deploy
 * target's (its deploy action's provider), by category and provider.
 */
function artifactLimits(): ReadonlyMap<string, ActionArtifacts> {
  return new Map(
    [
      ...GENERIC_ACTION_ARTIFACTS,
      ...DEPLOY_TARGETS.flatMap((t) => t.actionArtifacts),
    ].map((a) => [`${a.category}/${a.provider}`, a]),
  );
}

/** What the check reads of a pipeline (plan/plan.ts PipelinePlan). */
export interface CheckedPipeline {
  readonly name: string;
  /** The service or base image. */
  readonly path: Path;
  readonly stages: readonly StagePlan[];
  /** Where the stages one catalogue entry adds come from (a deploy stage: its environment). */
  readonly stagePaths: Readonly<Record<string, Path>>;
  readonly triggers: readonly {
    readonly gitConfiguration: { readonly sourceActionName: string };
  }[];
}

/** Every problem CodePipeline would refuse in these pipelines, all of them. */
export function pipelineProblems(
  pipelines: readonly CheckedPipeline[],
): PlanProblem[] {
  const limits = artifactLimits();
  return pipelines.flatMap((p) => pipelineStructureProblems(p, limits));
}

function pipelineStructureProblems(
  pipeline: CheckedPipeline,
  limits: ReadonlyMap<string, ActionArtifacts>,
): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const atPipeline = (message: string) =>
    problems.push({ path: pipeline.path, message });
  const { stages } = pipeline;

  if (stages.length > PIPELINE_STAGES.max)
    atPipeline(
      `its pipeline would have ${stages.length} stages (${stages.map((s) => s.name).join(", ")}); ` +
        `CodePipeline allows ${PIPELINE_STAGES.max}: deploy it to ${plural(stages.length - PIPELINE_STAGES.max, "fewer environment", "fewer environments")} (or leave out its tests), or split it into services`,
    );
  if (stages.length < PIPELINE_STAGES.min)
    atPipeline(
      `its pipeline would have ${stages.length} stages; CodePipeline needs at least ${PIPELINE_STAGES.min}`,
    );
  const actions = stages.reduce((n, s) => n + s.action.length, 0);
  if (actions > PIPELINE_ACTIONS)
    atPipeline(
      `its pipeline would have ${actions} actions; CodePipeline allows ${PIPELINE_ACTIONS} in a pipeline: ` +
        `deploy it to fewer environments or run fewer processes, or split it into services`,
    );
  repeated(stages.map((s) => s.name)).forEach((name) =>
    atPipeline(
      `its pipeline would have two stages named "${name}"; CodePipeline needs unique stage names`,
    ),
  );

  // Artifacts: written once in the pipeline, read only after the action that writes them.
  const outputs = stages.flatMap((s) =>
    s.action.flatMap((a) => a.outputArtifacts ?? []),
  );
  repeated(outputs).forEach((name) =>
    atPipeline(
      `its pipeline would have two actions writing the artifact "${name}"; CodePipeline needs output artifact names unique in a pipeline`,
    ),
  );
  const written = new Set<string>();
  const sources = new Set<string>();
  stages.forEach((stage, index) => {
    const path = pipeline.stagePaths[stage.name] ?? pipeline.path;
    const at = (message: string) => problems.push({ path, message });
    const where = `its pipeline's stage "${stage.name}"`;
    if (!NAME.test(stage.name))
      at(
        `${where}: the name is ${stage.name.length} characters${stage.name.length <= NAME_LENGTH ? " with characters other than letters, digits and .@-_" : ""}; ` +
          `CodePipeline allows ${NAME_LENGTH} letters, digits and .@-_ in a stage name: shorten the environment's name`,
      );
    if (stage.action.length > STAGE_ACTIONS.max) {
      // What the environment may leave out besides processes: its approval, its smoke test.
      const optional = [
        ...stage.action
          .filter((a) => a.category === "Approval")
          .map(() => "approval"),
        ...stage.action
          .filter((a) => a.category === "Test")
          .map(() => "smoke test"),
      ];
      at(
        `${where} would have ${stage.action.length} actions (${summary(stage.action)}); ` +
          `CodePipeline allows ${STAGE_ACTIONS.max} in a stage: each of the service's processes is deployed by an action of its own, ` +
          `so run ${plural(stage.action.length - STAGE_ACTIONS.max, "fewer process", "fewer processes")}` +
          (optional.length > 0
            ? ` (or leave out this environment's ${optional.join(" or ")})`
            : "") +
          `, or split the service`,
      );
    }
    if (stage.action.length < STAGE_ACTIONS.min)
      at(`${where} would have no action; CodePipeline needs at least one`);
    repeated(stage.action.map((a) => a.name)).forEach((name) =>
      at(
        `${where} would have two actions named "${name}"; CodePipeline needs unique action names in a stage`,
      ),
    );
    // The structure reference: the first stage holds source actions only, and no other stage any.
    const isSource = (a: ActionPlan) => a.category === "Source";
    if (index === 0 && !stage.action.every(isSource))
      at(
        `${where} is the first: CodePipeline allows source actions only there`,
      );
    if (index > 0 && stage.action.some(isSource))
      at(
        `${where} has a source action: CodePipeline allows them in the first stage only`,
      );
    if (index === 0) stage.action.forEach((a) => sources.add(a.name));

    // Actions of one run order run side by side: they read what earlier ones wrote.
    const byRunOrder = [...stage.action].sort(
      (a, b) => (a.runOrder ?? 1) - (b.runOrder ?? 1),
    );
    let order = 0;
    let pending: string[] = [];
    for (const action of byRunOrder) {
      const runOrder = action.runOrder ?? 1;
      if (runOrder !== order) {
        pending.forEach((name) => written.add(name));
        pending = [];
        order = runOrder;
      }
      const of = `${where}, action "${action.name}"`;
      for (const problem of actionProblems(action, written, limits))
        at(`${of}: ${problem}`);
      pending.push(...(action.outputArtifacts ?? []));
    }
    pending.forEach((name) => written.add(name));
  });
  for (const trigger of pipeline.triggers) {
    const name = trigger.gitConfiguration.sourceActionName;
    if (!sources.has(name))
      atPipeline(
        `its pipeline's trigger names the source action "${name}", which its first stage does not have`,
      );
  }
  return problems;
}

/**
 * An action's own problems; `written`: the artifacts written before it runs, `limits`: the
 * artifact counts by provider.
 */
function actionProblems(
  action: ActionPlan,
  written: ReadonlySet<string>,
  limits: ReadonlyMap<string, ActionArtifacts>,
): string[] {
  const problems: string[] = [];
  if (!NAME.test(action.name))
    problems.push(
      `CodePipeline allows ${NAME_LENGTH} letters, digits and .@-_ in an action name`,
    );
  const runOrder = action.runOrder ?? 1;
  if (
    !Number.isInteger(runOrder) ||
    runOrder < RUN_ORDER.min ||
    runOrder > RUN_ORDER.max
  )
    problems.push(
      `run order ${runOrder}; CodePipeline allows ${RUN_ORDER.min} to ${RUN_ORDER.max}`,
    );
  if (action.namespace !== undefined && !NAMESPACE.test(action.namespace))
    problems.push(
      `namespace "${action.namespace}"; CodePipeline allows 1 to 100 letters, digits and @-_`,
    );
  const inputs = action.inputArtifacts ?? [];
  const outputs = action.outputArtifacts ?? [];
  for (const name of [...inputs, ...outputs])
    if (!ARTIFACT_NAME.test(name))
      problems.push(
        `artifact "${name}"; CodePipeline allows 1 to 100 letters, digits and _- in an artifact name`,
      );
  for (const name of inputs)
    if (!written.has(name))
      problems.push(
        `reads the artifact "${name}", which no earlier action writes`,
      );
  const counts =
    limits.get(`${action.category}/${action.provider}`) ??
    limits.get(`${action.category}/*`);
  if (counts) {
    const [[inMin, inMax], [outMin, outMax]] = [counts.inputs, counts.outputs];
    if (inputs.length < inMin || inputs.length > inMax)
      problems.push(
        `${inputs.length} input artifacts; a ${action.category} action of ${action.provider} takes ${range(inMin, inMax)}`,
      );
    if (outputs.length < outMin || outputs.length > outMax)
      problems.push(
        `${outputs.length} output artifacts; a ${action.category} action of ${action.provider} writes ${range(outMin, outMax)}`,
      );
  }
  for (const [key, value] of Object.entries(action.configuration ?? {})) {
    if (key.length > CONFIGURATION_KEY_LENGTH)
      problems.push(
        `configuration key ${key} is ${key.length} characters; CodePipeline allows ${CONFIGURATION_KEY_LENGTH}`,
      );
    if (value.length === 0 || value.length > CONFIGURATION_VALUE_LENGTH)
      problems.push(
        `its ${key} would be ${value.length} characters; CodePipeline allows 1 to ${CONFIGURATION_VALUE_LENGTH} in a configuration value: shorten the names or paths it is made of`,
      );
  }
  return problems;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function range(min: number, max: number): string {
  return min === max ? String(min) : `${min} to ${max}`;
}

/** Values given more than once, each once, in first-seen order. */
function repeated(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) twice.add(value);
    seen.add(value);
  }
  return [...twice];
}

/**
 * The actions of a stage in a few words: repeated names of one prefix counted ("Deploy-* x50").
 */
function summary(actions: readonly ActionPlan[]): string {
  const groups = new Map<string, number>();
  for (const { name } of actions) {
    const dash = name.indexOf("-");
    const key = dash > 0 ? `${name.slice(0, dash)}-*` : name;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return [...groups]
    .map(([name, n]) => (n > 1 ? `${n} ${name}` : name.replace(/-\*$/, "")))
    .join(", ");
}
