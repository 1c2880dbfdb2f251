/**
 * The checks that need derived values, each one loop over the plan: every physical name against
 * its AWS rule, names that must differ, Terraform Cloud workspace names, and the size of every
 * role's policy. A resource added to the plan is checked without changing anything here. The
 * catalogue rules derived-name-limits, derived-name-clash, artifact-folder-clash and policy-size
 * (config/rules/) run them and report their problems at the YAML line.
 */
import type { Path } from "../config/yaml-path";
import { policyText } from "./iam";
import type { CatalogueOutline } from "../config/catalogue";
import {
  ArtifactFolder,
  artifactFolders,
  NamedResource,
  namedResources,
  StackPlan,
  stackPlans,
} from "./named-resources";
import { checkRule, PIPELINE_ARTIFACT_FOLDER_LENGTH } from "./names";
import type { RolePlan } from "./plan";

export interface PlanProblem {
  readonly path: Path;
  readonly message: string;
}

/**
 * Terraform Cloud's limit on a workspace name.
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create
 */
export const WORKSPACE_NAME_LIMIT = 90;

/** IAM's quota for the inline policies of one role, in characters (whitespace not counted). */
export const ROLE_POLICY_LIMIT = 10240;

export interface PlanNames {
  /** The stacks that run in a workspace named after them (the workspaces stack runs in none). */
  readonly stacks: readonly (StackPlan | { readonly kind: "workspaces" })[];
  readonly resources: readonly NamedResource[];
  readonly artifactFolders: readonly ArtifactFolder[];
}

/** The names of what the outline derives, for the name checks below. */
export function planNames(outline: CatalogueOutline): PlanNames {
  return {
    stacks: stackPlans(outline),
    resources: namedResources(outline),
    artifactFolders: artifactFolders(outline),
  };
}

/** Names AWS would refuse, and workspace names Terraform Cloud would refuse. */
export function nameLimitProblems(names: PlanNames): PlanProblem[] {
  const problems: PlanProblem[] = [];
  for (const resource of names.resources) {
    const problem = resource.rule && checkRule(resource.rule, resource.name);
    if (problem) problems.push({ path: resource.path, message: problem });
  }
  for (const stack of names.stacks) {
    if (
      stack.kind !== "workspaces" &&
      stack.workspace !== undefined &&
      stack.workspace.length > WORKSPACE_NAME_LIMIT
    ) {
      problems.push({
        path: ["terraform", "cloud", "workspacePrefix"],
        message: `workspace name "${stack.workspace}" is ${stack.workspace.length} characters; Terraform Cloud allows ${WORKSPACE_NAME_LIMIT}`,
      });
      break;
    }
  }
  return problems;
}

/** A name that claims its namespace (NamedResource.unique set). */
type Claim = NamedResource & {
  readonly unique: NonNullable<NamedResource["unique"]>;
};

/**
 * Names that must differ and do not. A retired entry's resources keep their names until its
 * retirement is applied: it claims first, so the live entry is the one told to change.
 */
export function nameClashProblems(names: PlanNames): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const seen = new Map<string, Claim>();
  const claims = names.resources.flatMap((r): Claim[] =>
    r.unique === undefined ? [] : [{ ...r, unique: r.unique }],
  );
  for (const resource of claims.sort((a, b) => a.rank - b.rank)) {
    const { namespace } = resource.unique;
    const key = `${namespace}\u0000${resource.name}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, resource);
    else if (first.rank === 1)
      problems.push({
        path: resource.path,
        message: `derives the ${namespace} "${resource.name}", which is still ${first.unique.owner} (retired: until the retirement is applied and the entry deleted); rename this one, or do that first`,
      });
    else
      problems.push({
        path: resource.path,
        message: `derives the ${namespace} "${resource.name}", which is already ${first.unique.owner}; rename one of them`,
      });
  }
  return problems;
}

/**
 * CodePipeline keeps a pipeline's artifacts in a folder named after the first 20 characters of
 * its name, and each pipeline's roles reach only their own folder: no two may share one.
 */
export function artifactFolderProblems(names: PlanNames): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const folders = new Map<string, Path>();
  for (const { folder, pipeline, path } of names.artifactFolders) {
    const first = folders.get(folder);
    if (first === undefined) folders.set(folder, path);
    else
      problems.push({
        path,
        message:
          `pipeline "${pipeline}" would share the artifact folder "${folder}" with ${first.join(".")} ` +
          `(CodePipeline keeps the first ${PIPELINE_ARTIFACT_FOLDER_LENGTH} characters of a pipeline's name); make the names differ sooner`,
      });
  }
  return problems;
}

/** Every name problem: names AWS would refuse, names that clash, artifact folders shared. */
export function nameProblems(names: PlanNames): PlanProblem[] {
  return [
    ...nameLimitProblems(names),
    ...nameClashProblems(names),
    ...artifactFolderProblems(names),
  ];
}

/** The size of each role's policy once Terraform has resolved its references. */
export function policySize(role: RolePlan): number {
  return policyText(role.statements).length;
}

/** Roles whose policy IAM would refuse, as problems at their service or base image. */
export function policyProblems(roles: readonly RolePlan[]): PlanProblem[] {
  return roles.flatMap((role) => {
    const characters = policySize(role);
    return characters > ROLE_POLICY_LIMIT
      ? [
          {
            path: role.path,
            message:
              `its ${role.purpose} role's policy would be ${characters} characters; IAM allows ${ROLE_POLICY_LIMIT} per role ` +
              (role.purpose === "docker builder"
                ? "(fewer base images or connections, or shorter names, make it fit)"
                : "(fewer environments or secrets, or shorter names, make it fit)"),
          },
        ]
      : [];
  });
}
