/**
 * The app: load the catalogue -> build the stacks -> compare with the previous output -> write.
 * The only place that reads files or environment variables.
 *   SERVICE_CATALOGUE         the catalogue (default: config/services.yaml of this project)
 *   CDKTF_OUTDIR              where stacks are written (set by `cdktf synth`; default: cdktf.out)
 *   DELIVERY_FAIL_ON_REPLACE  "1": an edit that would replace, destroy or orphan a stateful resource
 *                             is an error (exit 1, nothing written) instead of a warning; for CI
 *   DELIVERY_COMPARE_WITH     compare with the stacks of this output directory instead of
 *                             CDKTF_OUTDIR's (`npm run check` synthesizes into a temporary one)
 * A stack whose state the edit would look for in another Terraform Cloud workspace is refused
 * unless the catalogue says so (constructs/private/workspace-changes.ts).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "fs";
import { CONTEXT_ENV } from "./constructs/private/cdktf";
import { tmpdir } from "os";
import * as path from "path";
import { CatalogueError, lineOf, loadCatalogue } from "./config/load-catalogue";
import { synthesize } from "./constructs/delivery-app";
import { sharedStackName, stackPlans } from "./plan/named-resources";
import type { SharedStillUsed } from "./targets/deploy-target";
import { DEPLOY_TARGETS } from "./targets/registry";
import { ConstructValidationError } from "./constructs/private/validation";
import {
  describeWorkspaceChange,
  isRetiredWorkspace,
  workspaceChangeHint,
  workspaceChanges,
} from "./constructs/private/workspace-changes";
import {
  deleteHint,
  describeChange,
  isDeletedEntry,
  isRetirement,
  statefulChanges,
  Stacks,
} from "./constructs/private/stateful-changes";

/** The project root: here when run as TypeScript, one up when run compiled into dist/. */
const ROOT = existsSync(path.join(__dirname, "cdktf.json"))
  ? __dirname
  : path.dirname(__dirname);

/** Where cdktf writes a stack: `<outdir>/stacks/<stack>/cdk.tf.json`. */
const STACKS = "stacks";
const STACK_FILE = "cdk.tf.json";
/** ...or `cdk.tf` with `cdktf synth --hcl`. */
const HCL_STACK_FILE = "cdk.tf";

/** The code of a failed system call (ENOENT, EXDEV, ...), if the error carries one. */
function errorCode(error: unknown): string | undefined {
  // Not `instanceof Error`: an error from another realm (a test's vm context) is not one.
  return typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string"
    ? error.code
    : undefined;
}

function main(): number {
  const given = process.env.SERVICE_CATALOGUE;
  const file = given
    ? path.resolve(given)
    : path.join(ROOT, "config", "services.yaml");
  const shown = given ?? path.relative(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(
      `${shown}: cannot read the catalogue: ${errorCode(error) ?? String(error)}\n`,
    );
    return 1;
  }
  let catalogue;
  try {
    catalogue = loadCatalogue(text, shown);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    process.stderr.write(
      `${error.problems.join("\n")}\n${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in ${shown}; nothing was written.\n`,
    );
    return 1;
  }
  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const compareWith = process.env.DELIVERY_COMPARE_WITH
    ? path.resolve(process.env.DELIVERY_COMPARE_WITH)
    : outdir;
  const failOnReplace = ["1", "true"].includes(
    process.env.DELIVERY_FAIL_ON_REPLACE ?? "",
  );
  // Local state lives in the working directory (the project root, beside cdktf.json, when run
  // as the README says), not in the regenerated output.
  const stateDir = process.cwd();
  // Synthesized aside first, so that the comparison sees old and new side by side and a refused
  // edit leaves the previous output as it was.
  const staging = mkdtempSync(path.join(tmpdir(), "delivery-synth-"));
  try {
    synthesize(catalogue, {
      outdir: staging,
      statePath: (stack) =>
        path.relative(
          path.join(outdir, STACKS, stack),
          path.join(stateDir, `terraform.${stack}.tfstate`),
        ),
    });
    // Compared as JSON: with `cdktf synth --hcl`, a JSON twin is synthesized aside for that.
    let compared = staging;
    if (hclOutput()) {
      compared = mkdtempSync(path.join(tmpdir(), "delivery-compare-"));
      synthesize(catalogue, {
        outdir: compared,
        hcl: false,
        statePath: () => "terraform.tfstate",
      });
    }
    let changes;
    let stillUsed: SharedStillUsed[];
    let moves;
    let gone;
    try {
      const previous = readStacks(compareWith);
      if (previous === undefined) return 1;
      const next = readStacks(compared) ?? {};
      changes = statefulChanges(previous, next, catalogue.organisation);
      // The shared stack applies first: what it loses must no longer be run on.
      const shared = sharedStackName(catalogue.organisation);
      stillUsed = DEPLOY_TARGETS.flatMap(
        (t) => t.sharedStillUsed?.(previous, next, shared) ?? [],
      );
      gone = new Set(Object.keys(previous).filter((s) => !(s in next)));
      // Only a catalogue with workspaces can point a stack at another one.
      moves = catalogue.cloud
        ? workspaceChanges(previous, next, catalogue.cloud)
        : [];
    } finally {
      // (read lazily: only now may the JSON twin go)
      if (compared !== staging)
        rmSync(compared, { recursive: true, force: true });
    }
    const refusedMoves = moves.filter((m) => !m.intended);
    if (refusedMoves.length > 0) {
      process.stderr.write(
        `${refusedMoves.map((m) => `error: ${describeWorkspaceChange(m)}\n`).join("")}  ${workspaceChangeHint(refusedMoves)}\n${refusedMoves.length} stack${refusedMoves.length === 1 ? "" : "s"} would lose ${refusedMoves.length === 1 ? "its" : "their"} state; nothing was written.\n`,
      );
      return 1;
    }
    for (const move of moves)
      process.stderr.write(`note: ${describeWorkspaceChange(move)}\n`);
    if (
      catalogue.cloud?.previousWorkspacePrefix !== undefined &&
      !moves.some((m) => m.from.kind === "cloud")
    )
      process.stderr.write(
        `note: terraform.cloud.previousWorkspacePrefix is set, but no stack changes workspace (compared with ${path.relative(process.cwd(), compareWith) || "."}): once every stack runs in its new workspace, remove it\n`,
      );
    const retired = [
      ...catalogue.services
        .filter((s) => s.retired)
        .map((s) => `services.${s.name}`),
      ...catalogue.baseImages
        .filter((b) => b.retired)
        .map((b) => `baseImages.${b.name}`),
    ];
    const intended = changes.filter((c) => isRetirement(c, retired));
    const retiredWorkspaces = changes.filter((c) =>
      isRetiredWorkspace(c, gone, changes),
    );
    const deleted = changes.filter(
      (c) => !isRetirement(c, retired) && isDeletedEntry(c),
    );
    const unintended = changes.filter(
      (c) =>
        !isRetirement(c, retired) &&
        !isDeletedEntry(c) &&
        !retiredWorkspaces.includes(c),
    );
    if (deleted.length > 0) {
      const hints = [...new Set(deleted.map(deleteHint))];
      process.stderr.write(
        `${deleted.map((c) => `error: ${describeChange(c)}\n`).join("")}${hints.map((h) => `  ${h}\n`).join("")}${deleted.length} stateful resource${deleted.length === 1 ? "" : "s"} of deleted catalogue entries: retire an entry before deleting it; nothing was written.\n`,
      );
      return 1;
    }
    if (stillUsed.length > 0) {
      // At the environment the edit moved off it, where the catalogue still has one; the entry
      // itself is gone.
      const services = new Map(
        stackPlans(catalogue).map((s) => [s.name, s.path[1]]),
      );
      const at = (u: SharedStillUsed) => {
        for (const { stack, environment } of u.ranOn ?? []) {
          const service = catalogue.services.find(
            (s) => s.name === services.get(stack),
          );
          if (service?.environments.some((e) => e.name === environment))
            return `:${lineOf(text, ["services", service.name, "environments", environment, "cluster"])}`;
        }
        return ":";
      };
      process.stderr.write(
        `${stillUsed.map((u) => `${shown}${at(u)} ${u.where}: ${u.message}\n`).join("")}${stillUsed.length} shared resource${stillUsed.length === 1 ? "" : "s"} removed that the shared stack's apply could not delete yet (compared with ${path.relative(process.cwd(), compareWith) || "."}); nothing was written.\n`,
      );
      return 1;
    }
    for (const change of intended)
      process.stderr.write(
        `note: ${describeChange(change)} (retired: true asks for this)\n`,
      );
    for (const change of retiredWorkspaces)
      process.stderr.write(
        `note: ${describeChange(change)} (its stack left the output with nothing stateful in it: the last step of retiring)\n`,
      );
    if (unintended.length > 0) {
      const label = failOnReplace ? "error" : "warning";
      const count = `${unintended.length} stateful resource${unintended.length === 1 ? "" : "s"} would be replaced, destroyed or orphaned by this edit (compared with ${path.relative(process.cwd(), compareWith) || "."})`;
      process.stderr.write(
        `${unintended.map((c) => `${label}: ${describeChange(c)}\n`).join("")}${
          failOnReplace
            ? `${count}; DELIVERY_FAIL_ON_REPLACE is set: nothing was written.\n`
            : `${count}. See the README, "Editing the catalogue is safe"; DELIVERY_FAIL_ON_REPLACE=1 makes this an error.\n`
        }`,
      );
      if (failOnReplace) return 1;
    }
    // `cdktf synth` lists the stack directories before it runs the app and removes those of
    // stacks that are gone afterwards, failing with ENOENT on one that is already gone
    // (cdktf-cli 0.21.0, bundle/bin/cmds/handlers.js, `synth`): under it, the CLI removes them.
    // It passes the app its context in CONTEXT_ENV, always.
    publish(staging, outdir, readdirSync(path.join(staging, STACKS)), {
      removeGone: process.env[CONTEXT_ENV] === undefined,
    });
  } catch (error) {
    if (!(error instanceof ConstructValidationError)) throw error;
    process.stderr.write(
      `${error.problems.map((p) => `error: ${p}\n`).join("")}${error.problems.length} construct invariant${error.problems.length === 1 ? "" : "s"} broken: a bug of this program, not of ${shown} (please report it); nothing was written.\n`,
    );
    return 1;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return 0;
}

/**
 * Moves what is in `from` into `to`, merging directories: a file replaces its namesake, and what
 * `to` holds that `from` does not carry is left alone. A directory that `to` lacks is moved whole.
 * Renamed where both are on one file system (no copy to write, nothing to delete afterwards),
 * copied where not.
 */
function moveInto(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    const existing = existsSync(target) ? statSync(target) : undefined;
    if (existing?.isDirectory()) {
      if (entry.isDirectory()) {
        moveInto(source, target);
        continue;
      }
      rmSync(target, { recursive: true, force: true });
    }
    try {
      renameSync(source, target);
    } catch (error) {
      if (errorCode(error) !== "EXDEV") throw error;
      cpSync(source, target, { recursive: true, force: true });
    }
  }
}

/** Whether cdktf is asked for HCL (`cdktf synth --hcl` sets SYNTH_HCL_OUTPUT). */
function hclOutput(): boolean {
  return ["true", "1"].includes(process.env.SYNTH_HCL_OUTPUT ?? "");
}

/** What a previous stack that cannot be read leaves out of the comparison. */
const NOT_COMPARED =
  "what this edit replaces or destroys there, and whether a cluster it deletes is still in use or protected there, is not checked";

/**
 * The stacks of an output directory (none when it does not exist), each read and parsed when it is
 * looked at and not kept: the comparison holds one stack at a time, so memory stays flat in the
 * number of services. A stack written as HCL only (`cdk.tf`), one whose directory holds other files
 * but no stack file, or one whose cdk.tf.json is not JSON cannot be read here: it is left out,
 * with a note or a warning (once).
 * Undefined, with a one-line error, when `<outdir>/stacks` cannot be listed.
 */
function readStacks(outdir: string): Stacks | undefined {
  const dir = path.join(outdir, STACKS);
  if (!existsSync(dir)) return {};
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    process.stderr.write(
      `error: ${path.relative(process.cwd(), dir) || "."}: cannot list the previous output's stacks: ${errorCode(error) ?? String(error)}; move it away or delete it; nothing was written.\n`,
    );
    return undefined;
  }
  const stacks: Record<string, unknown> = {};
  const hclOnly: string[] = [];
  const missing: string[] = [];
  for (const entry of entries) {
    const file = path.join(dir, entry.name, STACK_FILE);
    if (!entry.isDirectory()) continue;
    if (!existsSync(file)) {
      if (existsSync(path.join(dir, entry.name, HCL_STACK_FILE)))
        hclOnly.push(entry.name);
      // (an empty directory held no stack: nothing to compare)
      else if (readdirSync(path.join(dir, entry.name)).length > 0)
        missing.push(entry.name);
      continue;
    }
    // A file that is not JSON is said once, however often the stack is looked at.
    let broken = false;
    Object.defineProperty(stacks, entry.name, {
      enumerable: true,
      get: () => {
        if (broken) return undefined;
        try {
          return JSON.parse(readFileSync(file, "utf8"));
        } catch {
          broken = true;
          process.stderr.write(
            `warning: ${path.relative(process.cwd(), file)} is not JSON: ${NOT_COMPARED}\n`,
          );
          return undefined;
        }
      },
    });
  }
  if (hclOnly.length > 0)
    process.stderr.write(
      `note: ${hclOnly.length} stack${hclOnly.length === 1 ? " was" : "s were"} written as HCL (${HCL_STACK_FILE}) last time, so ${NOT_COMPARED}: ${hclOnly.sort().join(", ")}\n`,
    );
  if (missing.length > 0)
    process.stderr.write(
      `warning: ${missing.length} stack director${missing.length === 1 ? "y has" : "ies have"} no ${STACK_FILE} (nor ${HCL_STACK_FILE}) in ${path.relative(process.cwd(), dir) || "."}, so ${NOT_COMPARED}: ${missing.sort().join(", ")}\n`,
    );
  return stacks;
}

/**
 * Writes the staged output into outdir: our files in each stack's directory are replaced and
 * everything else there (`.terraform/`, `.terraform.lock.hcl` from `terraform init`) stays; the
 * directories of stacks that are gone are removed (by us, or by `cdktf synth` after us).
 */
function publish(
  staging: string,
  outdir: string,
  stacks: string[],
  options: { removeGone: boolean },
): void {
  mkdirSync(path.join(outdir, STACKS), { recursive: true });
  for (const entry of readdirSync(path.join(outdir, STACKS))) {
    if (options.removeGone && !stacks.includes(entry))
      rmSync(path.join(outdir, STACKS, entry), {
        recursive: true,
        force: true,
      });
  }
  // The stack file of the other syntax, from an earlier synth, goes: Terraform would load both
  // cdk.tf and cdk.tf.json and refuse every block they share.
  for (const stack of stacks) {
    const dir = path.join(outdir, STACKS, stack);
    for (const [ours, other] of [
      [STACK_FILE, HCL_STACK_FILE],
      [HCL_STACK_FILE, STACK_FILE],
    ])
      if (existsSync(path.join(staging, STACKS, stack, ours)))
        rmSync(path.join(dir, other), { force: true });
  }
  moveInto(staging, outdir);
}

process.exitCode = main();
