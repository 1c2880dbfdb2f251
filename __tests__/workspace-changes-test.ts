/**
 * Edits that move a stack's state: a changed workspacePrefix (or organization, host) points every
 * stack at a workspace `terraform init` would create empty, so synth refuses it unless
 * `terraform.cloud.previousWorkspacePrefix` says it is meant; and what deleting or dropping the
 * workspaces themselves reports. Pure functions first, then main.ts end to end.
 */
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import {
  isDeletedEntry,
  statefulChanges,
} from "../constructs/private/stateful-changes";
import {
  describeWorkspaceChange,
  isRetiredWorkspace,
  workspaceChangeHint,
  workspaceChanges,
} from "../constructs/private/workspace-changes";
import { runApp } from "./support/app";
import { FIXTURES, Json, load, synthStacks } from "./support/synth";

const CLOUD = readFileSync(path.join(FIXTURES, "valid", "cloud.yaml"), "utf8");

const cloudStack = (name: string, organization = "acme-corp") => ({
  terraform: {
    cloud: {
      hostname: "app.terraform.io",
      organization,
      workspaces: { name, project: "delivery" },
    },
  },
});
const localStack = { terraform: { backend: { local: { path: "x" } } } };

describe("workspaceChanges", () => {
  const previous = {
    "acme-shared": cloudStack("delivery-acme-shared"),
    "acme-api": cloudStack("delivery-acme-api"),
    "acme-gone": cloudStack("delivery-acme-gone"),
  };

  test("the same workspaces: nothing to say", () => {
    expect(
      workspaceChanges(previous, previous, { workspacePrefix: "delivery-" }),
    ).toEqual([]);
  });

  test("a new prefix without previousWorkspacePrefix: every stack in both outputs, refused", () => {
    const next = {
      "acme-shared": cloudStack("dlv-acme-shared"),
      "acme-api": cloudStack("dlv-acme-api"),
      "acme-new": cloudStack("dlv-acme-new"),
    };
    const changes = workspaceChanges(previous, next, {
      workspacePrefix: "dlv-",
    });
    expect(changes.map((c) => [c.stack, c.intended])).toEqual([
      ["acme-api", false],
      ["acme-shared", false],
    ]);
    expect(describeWorkspaceChange(changes[0])).toBe(
      'acme-api: its state would be looked for in workspace "dlv-acme-api" instead of workspace "delivery-acme-api", which terraform init would create empty: the next plan would create every resource of the stack again',
    );
    expect(workspaceChangeHint(changes)).toBe(
      'for a new workspacePrefix, set terraform.cloud.previousWorkspacePrefix: "delivery-" and move the state as the README says ("Changing workspacePrefix"); for any other move (organization, host, stateWorkspace), move the state first, then synthesize once with DELIVERY_COMPARE_WITH=none',
    );
  });

  test("with previousWorkspacePrefix naming the old prefix: intended", () => {
    const next = {
      "acme-shared": cloudStack("dlv-acme-shared"),
      "acme-api": cloudStack("dlv-acme-api"),
    };
    const changes = workspaceChanges(previous, next, {
      workspacePrefix: "dlv-",
      previousWorkspacePrefix: "delivery-",
    });
    expect(changes.map((c) => [c.stack, c.intended])).toEqual([
      ["acme-api", true],
      ["acme-shared", true],
    ]);
    expect(describeWorkspaceChange(changes[0])).toBe(
      'acme-api: its state would be looked for in workspace "dlv-acme-api" instead of workspace "delivery-acme-api" (previousWorkspacePrefix asks for this): move the state before applying (README: "Changing workspacePrefix")',
    );
  });

  test("previousWorkspacePrefix naming another prefix acknowledges nothing", () => {
    const next = { "acme-api": cloudStack("dlv-acme-api") };
    expect(
      workspaceChanges(previous, next, {
        workspacePrefix: "dlv-",
        previousWorkspacePrefix: "old-",
      }).map((c) => c.intended),
    ).toEqual([false]);
  });

  test("another organization is refused, previousWorkspacePrefix or not", () => {
    const next = { "acme-api": cloudStack("delivery-acme-api", "acme-new") };
    const changes = workspaceChanges(previous, next, {
      workspacePrefix: "delivery-",
      previousWorkspacePrefix: "delivery-",
    });
    expect(changes.map((c) => c.intended)).toEqual([false]);
    expect(describeWorkspaceChange(changes[0])).toBe(
      'acme-api: its state would be looked for in workspace "delivery-acme-api" (organization acme-new on app.terraform.io) instead of workspace "delivery-acme-api" (organization acme-corp on app.terraform.io), which terraform init would create empty: the next plan would create every resource of the stack again',
    );
  });

  test("from local state to a workspace: terraform init offers to copy it, so a note", () => {
    const changes = workspaceChanges(
      { "acme-api": localStack },
      { "acme-api": cloudStack("delivery-acme-api") },
      { workspacePrefix: "delivery-" },
    );
    expect(changes.map((c) => c.intended)).toEqual([true]);
    expect(describeWorkspaceChange(changes[0])).toBe(
      'acme-api: its state would be looked for in workspace "delivery-acme-api" (organization acme-corp on app.terraform.io) instead of local state: run terraform init -migrate-state in its directory to copy the local state there',
    );
  });
});

describe("the workspaces as stateful resources", () => {
  const stacks = synthStacks(load(CLOUD));
  const without = (service: string) =>
    synthStacks(
      load(CLOUD.replace(new RegExp(`  ${service}:\\n(?: {4}.*\\n)+`), "")),
    );

  test("deleting a service destroys its workspace: reported under the service, not as a deleted-entry error", () => {
    const next = without("web");
    const changes = statefulChanges(
      { "acme-workspaces": stacks["acme-workspaces"] },
      { "acme-workspaces": next["acme-workspaces"] },
      "acme",
    );
    expect(changes).toEqual([
      {
        kind: "destroy",
        stack: "acme-workspaces",
        address: "tfe_workspace.acme-web_workspace",
        where: "services.web",
        what: 'Terraform Cloud workspace "delivery-acme-web"',
        because: "it is no longer in the output",
        loss: "its stack's state and run history (with force_delete false, Terraform Cloud refuses to delete a workspace that still manages resources, and the apply stops there)",
        refused: false,
      },
    ]);
    expect(isDeletedEntry(changes[0])).toBe(false);
  });

  test("the workspace of a stack gone with nothing stateful in it is the last step of retiring; with an orphan, it is not", () => {
    const next = without("web");
    const changes = statefulChanges(
      { "acme-workspaces": stacks["acme-workspaces"] },
      { "acme-workspaces": next["acme-workspaces"] },
      "acme",
    );
    expect(isRetiredWorkspace(changes[0], new Set(["acme-web"]), changes)).toBe(
      true,
    );
    expect(isRetiredWorkspace(changes[0], new Set(), changes)).toBe(false);
    const orphan = {
      ...changes[0],
      kind: "orphan" as const,
      stack: "acme-web",
    };
    expect(
      isRetiredWorkspace(changes[0], new Set(["acme-web"]), [
        ...changes,
        orphan,
      ]),
    ).toBe(false);
  });

  test("a new prefix renames the workspaces in place: no stateful change", () => {
    const renamed = synthStacks(
      load(
        CLOUD.replace(
          "workspacePrefix: delivery-",
          "workspacePrefix: dlv-\n    previousWorkspacePrefix: delivery-",
        ),
      ),
    );
    expect(
      renamed["acme-workspaces"].resource.tfe_workspace["acme-api_workspace"]
        .name,
    ).toBe("dlv-acme-api");
    expect(statefulChanges(stacks, renamed, "acme")).toEqual([]);
  });

  test("another organization replaces every workspace (organization forces a new one)", () => {
    const moved = synthStacks(
      load(CLOUD.replace("organization: acme-corp", "organization: acme-new")),
    );
    const changes = statefulChanges(
      { "acme-workspaces": stacks["acme-workspaces"] },
      { "acme-workspaces": moved["acme-workspaces"] },
      "acme",
    );
    expect(changes.map((c) => [c.kind, c.where, c.because])).toEqual([
      ["replace", "services.api", 'organization "acme-corp" -> "acme-new"'],
      [
        "replace",
        "terraform.cloud.workspaces",
        'organization "acme-corp" -> "acme-new"',
      ],
      ["replace", "services.web", 'organization "acme-corp" -> "acme-new"'],
    ]);
  });

  test("dropping terraform.cloud.workspaces orphans the workspaces (they stay, states and all): a warning, not an error", () => {
    const changes = statefulChanges(
      { "acme-workspaces": stacks["acme-workspaces"] },
      {},
      "acme",
    );
    expect(changes.map((c) => [c.kind, c.address])).toEqual([
      ["orphan", "tfe_workspace.acme-api_workspace"],
      ["orphan", "tfe_workspace.acme-shared_workspace"],
      ["orphan", "tfe_workspace.acme-web_workspace"],
    ]);
    expect(changes.some(isDeletedEntry)).toBe(false);
  });
});

describe("main.ts (as cdktf synth runs it) refuses a changed workspacePrefix unless the catalogue says so", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "workspaces-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function synth(catalogue: string, extra: Record<string, string> = {}) {
    writeFileSync(path.join(work, "services.yaml"), catalogue);
    const result = runApp(
      {
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
        ...extra,
      },
      work,
    );
    return { status: result.status, stderr: result.stderr };
  }
  const written = (stack: string) =>
    JSON.parse(
      readFileSync(
        path.join(work, "out", "stacks", stack, "cdk.tf.json"),
        "utf8",
      ),
    ) as Json;

  test("first synth, then a new prefix: exit 1, every stack listed, nothing written", () => {
    expect(synth(CLOUD)).toEqual({ status: 0, stderr: "" });
    const before = readFileSync(
      path.join(work, "out", "stacks", "acme-api", "cdk.tf.json"),
      "utf8",
    );
    const result = synth(
      CLOUD.replace("workspacePrefix: delivery-", "workspacePrefix: dlv-"),
    );
    expect(result.status).toBe(1);
    expect(result.stderr.split("\n")).toEqual([
      ...["acme-api", "acme-shared", "acme-web"].map(
        (s) =>
          `error: ${s}: its state would be looked for in workspace "dlv-${s}" instead of workspace "delivery-${s}", which terraform init would create empty: the next plan would create every resource of the stack again`,
      ),
      '  for a new workspacePrefix, set terraform.cloud.previousWorkspacePrefix: "delivery-" and move the state as the README says ("Changing workspacePrefix"); for any other move (organization, host, stateWorkspace), move the state first, then synthesize once with DELIVERY_COMPARE_WITH=none',
      "3 stacks would lose their state; nothing was written.",
      "",
    ]);
    expect(
      readFileSync(
        path.join(work, "out", "stacks", "acme-api", "cdk.tf.json"),
        "utf8",
      ),
    ).toBe(before);
  });

  test("with previousWorkspacePrefix: notes, and the stacks and workspaces renamed", () => {
    const result = synth(
      CLOUD.replace(
        "workspacePrefix: delivery-",
        "workspacePrefix: dlv-\n    previousWorkspacePrefix: delivery-",
      ),
    );
    expect(result.status).toBe(0);
    expect(result.stderr.split("\n").filter(Boolean)).toEqual(
      ["acme-api", "acme-shared", "acme-web"].map(
        (s) =>
          `note: ${s}: its state would be looked for in workspace "dlv-${s}" instead of workspace "delivery-${s}" (previousWorkspacePrefix asks for this): move the state before applying (README: "Changing workspacePrefix")`,
      ),
    );
    expect(written("acme-api").terraform.cloud.workspaces.name).toBe(
      "dlv-acme-api",
    );
    expect(
      written("acme-workspaces").resource.tfe_workspace["acme-api_workspace"]
        .name,
    ).toBe("dlv-acme-api");
  });

  test("left in place afterwards: a reminder to remove it", () => {
    const result = synth(
      CLOUD.replace(
        "workspacePrefix: delivery-",
        "workspacePrefix: dlv-\n    previousWorkspacePrefix: delivery-",
      ),
    );
    expect(result).toEqual({
      status: 0,
      stderr:
        "note: terraform.cloud.previousWorkspacePrefix is set, but no stack changes workspace (compared with out): once every stack runs in its new workspace, remove it\n",
    });
    expect(existsSync(path.join(work, "out", "stacks", "acme-web"))).toBe(true);
  });

  test("retire a service, then delete it: its workspace's deletion is a note, even with DELIVERY_FAIL_ON_REPLACE", () => {
    const renamed = CLOUD.replace(
      "workspacePrefix: delivery-",
      "workspacePrefix: dlv-",
    );
    const fail = { DELIVERY_FAIL_ON_REPLACE: "1" };
    expect(
      synth(renamed.replace("  web:\n", "  web:\n    retired: true\n"), fail)
        .status,
    ).toBe(0);
    const result = synth(renamed.replace(/ {2}web:\n(?: {4}.*\n)+/, ""), fail);
    expect(result).toEqual({
      status: 0,
      stderr:
        'note: services.web: the Terraform Cloud workspace "dlv-acme-web" would be DESTROYED: it is no longer in the output. Lost: its stack\'s state and run history (with force_delete false, Terraform Cloud refuses to delete a workspace that still manages resources, and the apply stops there). [acme-workspaces: tfe_workspace.acme-web_workspace] (its stack left the output with nothing stateful in it: the last step of retiring)\n',
    });
  });
});
