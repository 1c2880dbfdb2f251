/**
 * Where each stack keeps its state, before and after an edit: a stack whose `cloud` block names
 * another workspace (a changed `workspacePrefix`, organization or host) finds an empty one there,
 * which `terraform init` creates without a word, and its next plan creates every resource again
 * (AWS then refuses the names that exist). Such an edit is refused unless the catalogue says it is
 * intended (`terraform.cloud.previousWorkspacePrefix`). Pure: JSON objects in, findings out;
 * main.ts reads and prints.
 * https://developer.hashicorp.com/terraform/cli/cloud/settings#workspaces
 */
import { workspaceName } from "../../plan/named-resources";
import type { StatefulChange, Stacks } from "./stateful-changes";

/** Where a stack's state is: a Terraform Cloud workspace, or the local backend. */
export type StateHome =
  | {
      readonly kind: "cloud";
      readonly hostname: string;
      readonly organization: string;
      readonly workspace: string;
    }
  | { readonly kind: "local" };

export interface WorkspaceChange {
  readonly stack: string;
  readonly from: StateHome;
  readonly to: StateHome;
  /** What the catalogue asks for (`previousWorkspacePrefix`): reported, not refused. */
  readonly intended: boolean;
}

/** The prefixes of the catalogue's `terraform.cloud`. */
export interface PrefixChange {
  readonly workspacePrefix: string;
  readonly previousWorkspacePrefix?: string;
}

/**
 * Every stack, in both outputs, whose state would be looked for elsewhere, in stack order. A
 * stack that moves from the local backend to a workspace is listed as intended: `terraform init`
 * notices the local state and offers to copy it (`-migrate-state`).
 */
export function workspaceChanges(
  previous: Stacks,
  next: Stacks,
  prefixes: PrefixChange,
): WorkspaceChange[] {
  const changes: WorkspaceChange[] = [];
  for (const stack of Object.keys(previous).sort()) {
    if (!(stack in next)) continue;
    const from = stateHome(previous[stack]);
    if (from === undefined) continue;
    const to = stateHome(next[stack]);
    if (to === undefined || same(from, to)) continue;
    const renamed =
      from.kind === "cloud" &&
      to.kind === "cloud" &&
      from.hostname === to.hostname &&
      from.organization === to.organization &&
      prefixes.previousWorkspacePrefix !== undefined &&
      from.workspace ===
        workspaceName(prefixes.previousWorkspacePrefix, stack) &&
      to.workspace === workspaceName(prefixes.workspacePrefix, stack);
    changes.push({
      stack,
      from,
      to,
      intended: renamed || from.kind === "local",
    });
  }
  return changes;
}

/** One line for the terminal. */
export function describeWorkspaceChange(change: WorkspaceChange): string {
  const { from, to } = change;
  const where = (home: StateHome, other: StateHome) =>
    home.kind === "local"
      ? "local state"
      : `workspace "${home.workspace}"${
          other.kind === "cloud" &&
          other.hostname === home.hostname &&
          other.organization === home.organization
            ? ""
            : ` (organization ${home.organization} on ${home.hostname})`
        }`;
  const base = `${change.stack}: its state would be looked for in ${where(to, from)} instead of ${where(from, to)}`;
  if (from.kind === "local")
    return `${base}: run terraform init -migrate-state in its directory to copy the local state there`;
  if (change.intended)
    return `${base} (previousWorkspacePrefix asks for this): move the state before applying (README: "Changing workspacePrefix")`;
  return `${base}, which terraform init would create empty: the next plan would create every resource of the stack again`;
}

/** What to do instead of the refused changes. */
export function workspaceChangeHint(
  refused: readonly WorkspaceChange[],
): string {
  const previous = refused
    .map((c) =>
      c.from.kind === "cloud" && c.from.workspace.endsWith(c.stack)
        ? c.from.workspace.slice(0, -c.stack.length)
        : undefined,
    )
    .find((p) => p !== undefined);
  const prefix =
    previous === undefined
      ? ""
      : `for a new workspacePrefix, set terraform.cloud.previousWorkspacePrefix: ${JSON.stringify(previous)} and `;
  return `${prefix}move the state as the README says ("Changing workspacePrefix"); for any other move (organization, host, stateWorkspace), move the state first, then synthesize once with DELIVERY_COMPARE_WITH=none`;
}

function same(a: StateHome, b: StateHome): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function stateHome(stack: any): StateHome | undefined {
  const cloud = stack?.terraform?.cloud;
  if (cloud !== undefined) {
    const name = cloud.workspaces?.name;
    // A workspace chosen by tags is not one this app writes.
    if (typeof name !== "string") return undefined;
    return {
      kind: "cloud",
      hostname: String(cloud.hostname ?? "app.terraform.io"),
      organization: String(cloud.organization),
      workspace: name,
    };
  }
  if (stack?.terraform?.backend?.local !== undefined) return { kind: "local" };
  return undefined;
}

/**
 * Whether a change is the workspace of a stack that left the output with nothing stateful in it
 * (a service retired, applied, then deleted): the last step of retiring, reported as a note.
 * Terraform Cloud's safe delete (force_delete false) still refuses it while the workspace manages
 * resources. A live entry deleted outright orphans its stack's resources, which main.ts refuses.
 * @param gone the stacks of the previous output that the new one no longer has
 */
export function isRetiredWorkspace(
  change: StatefulChange,
  gone: ReadonlySet<string>,
  changes: readonly StatefulChange[],
): boolean {
  const match = /^tfe_workspace\.(.+)_workspace$/.exec(change.address);
  if (change.kind !== "destroy" || !match) return false;
  const stack = match[1];
  return (
    gone.has(stack) &&
    !changes.some((c) => c.kind === "orphan" && c.stack === stack)
  );
}
