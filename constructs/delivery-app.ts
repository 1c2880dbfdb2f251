import { getHeapStatistics } from "v8";
import { App, ISynthesisSession, TerraformStack } from "./private/cdktf";
import type { Catalogue } from "../config/catalogue";
import type { StateProps } from "./delivery-stack";
import { withoutCreationStacks } from "./private/creation-stacks";
import { withFastResolve } from "./private/fast-resolve";
import { releaseTokensSince, tokenMark } from "./private/token-release";
import { ServiceStack } from "./service-stack";
import { SharedStack } from "./shared-stack";
import { ServiceStackPlan, SharedStackPlan, stacksPlan } from "../plan/stacks";
import type { WorkspacesStack } from "./workspaces-stack";

export interface DeliveryStacks {
  readonly shared: SharedStack;
  /** By service name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
  /** With `terraform.cloud.workspaces`: `<organisation>-workspaces`. */
  readonly workspaces?: WorkspacesStack;
}

export interface DeliveryStacksOptions {
  /** Where a stack's local state file lives, relative to its directory (cdktf.out/stacks/<stack>). */
  readonly statePath: (stack: string) => string;
  /** See AppStackProps.crossStackPass. @default true */
  readonly crossStackPass?: boolean;
  /**
   * Called with each stack as soon as it is built, the workspaces stack (if any) and the shared
   * stack first. A caller that takes
   * the stacks this way (batched synthesis) owns them: the returned `services` map stays empty,
   * so that nothing here keeps a stack alive after the caller has let it go.
   */
  readonly onStack?: (stack: TerraformStack) => void;
}

/**
 * Renders the plan's stacks (plan/stacks.ts), in its order: `<organisation>-workspaces` when the
 * catalogue manages its Terraform Cloud workspaces, `<organisation>-shared`, then
 * `<organisation>-<service>` per service (in name order), each depending on the shared stack only.
 * Names, workspaces and provider settings are the plan's: nothing is derived here.
 */
export function addDeliveryStacks(
  app: App,
  catalogue: Catalogue,
  options: DeliveryStacksOptions,
): DeliveryStacks {
  const state = (stack: SharedStackPlan | ServiceStackPlan): StateProps =>
    stack.state.kind === "cloud"
      ? stack.state
      : { kind: "local", path: options.statePath(stack.name) };
  const crossStackPass = options.crossStackPass ?? true;
  const services = new Map<string, ServiceStack>();
  const serviceOf = new Map(catalogue.services.map((s) => [s.name, s]));
  let workspaces: WorkspacesStack | undefined;
  let shared: SharedStack | undefined;
  for (const plan of stacksPlan(catalogue)) {
    switch (plan.kind) {
      case "workspaces":
        workspaces = new (loadWorkspacesStack())(app, plan.name, {
          plan: plan.plan,
          statePath: options.statePath(plan.name),
          crossStackPass,
        });
        options.onStack?.(workspaces);
        break;
      case "shared":
        shared = new SharedStack(app, plan.name, {
          catalogue,
          plan,
          state: state(plan),
          crossStackPass,
        });
        // Deploy order for `cdktf deploy`: the workspaces exist before any stack runs in one.
        if (workspaces) shared.addDependency(workspaces);
        options.onStack?.(shared);
        break;
      case "service": {
        const stack = new ServiceStack(app, plan.name, {
          catalogue,
          service: serviceOf.get(plan.service)!,
          plan,
          state: state(plan),
          crossStackPass,
        });
        // Deploy order for `cdktf deploy`; the stack reads shared resources by name, not by
        // reference.
        stack.addDependency(shared!);
        if (options.onStack) options.onStack(stack);
        else services.set(plan.service, stack);
      }
    }
  }
  return {
    shared: shared!,
    services,
    ...(workspaces && { workspaces }),
  };
}

/**
 * The workspaces stack's class, loaded only for a catalogue that manages its workspaces: the tfe
 * provider bindings stay out of every other synth, and out of the rehearsal of the move to cdktn
 * (`npm run check:cdktn`), which has no fork of them yet.
 */
function loadWorkspacesStack(): typeof WorkspacesStack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("./workspaces-stack") as typeof import("./workspaces-stack"))
    .WorkspacesStack;
}

export interface SynthOptions extends DeliveryStacksOptions {
  readonly outdir: string;
  /**
   * Leave out what this app does not need (cdktf's cross-stack pass, token creation stacks).
   * The output is byte-identical either way (a test checks).
   * @default true
   */
  readonly fast?: boolean;
  /**
   * Write `cdk.tf` (HCL) instead of `cdk.tf.json`. Unset: as SYNTH_HCL_OUTPUT says, which is how
   * `cdktf synth --hcl` asks for it.
   * @default undefined
   */
  readonly hcl?: boolean;
  /**
   * With `fast`: how many stacks are built, written and then let go at a time, so that memory
   * stays flat in the number of services (see synthesizeInBatches). The output is byte-identical
   * for every batch size (a test checks).
   * @default 50
   */
  readonly batchSize?: number;
}

/** Stacks per batch: peak memory flat beyond it, and no measurable time cost. */
const BATCH_SIZE = 50;
/** Heap growth (bytes) that batched synthesis lets V8 accumulate before it collects. */
const GC_SLACK = 32 * 2 ** 20;

/** Builds the stacks and writes `<outdir>/stacks/<stack>/cdk.tf.json` (or `cdk.tf`) for each. */
export function synthesize(catalogue: Catalogue, options: SynthOptions): void {
  const fast = options.fast ?? true;
  const run = () => {
    // stackTraces: false: no construct-creation stack traces in the synthesized metadata.
    // skipValidation: cdktf's validations are the AWS provider's presence in each stack (every
    // DeliveryStack declares it) and minimum Terraform versions, checked by running `terraform
    // version` once per stack with a `cloud` block (>= 1.1): slow, and a synth with no terraform
    // on the PATH fails. The README states the minimum instead.
    const app = new App({
      outdir: options.outdir,
      stackTraces: false,
      skipValidation: true,
    });
    if (fast)
      synthesizeInBatches(
        app,
        catalogue,
        options,
        options.batchSize ?? BATCH_SIZE,
      );
    else {
      addDeliveryStacks(app, catalogue, { statePath: options.statePath });
      app.synth();
    }
  };
  const synth = () =>
    fast ? withoutCreationStacks(() => withFastResolve(run)) : run();
  if (options.hcl === undefined) synth();
  else withHclOutput(options.hcl, synth);
}

/**
 * What `app.synth()` does (cdktf 0.21.0, lib/app.js), a batch of stacks at a time: build the
 * batch, write it, take its stacks out of the construct tree and forget its tokens (cdktf's
 * process-wide token map would keep every construct tree alive until exit). The stacks never
 * refer to each other's tokens (they find shared resources by name; a token of a released batch
 * used later fails loudly), so each batch's output is what one app.synth() writes for it.
 */
function synthesizeInBatches(
  app: App,
  catalogue: Catalogue,
  options: DeliveryStacksOptions,
  batchSize: number,
): void {
  const session: ISynthesisSession = {
    outdir: app.outdir,
    skipValidation: app.skipValidation,
    manifest: app.manifest,
  };
  let batch: TerraformStack[] = [];
  let mark = tokenMark();
  // V8 lets garbage pile up while there is room, and a released batch is all garbage: once the
  // heap has grown by GC_SLACK since the last collection, collect it, which keeps the peak flat
  // (where the process exposes gc: synth.js does). Small catalogues never pay for one.
  const gc = (globalThis as { gc?: () => void }).gc;
  let live = getHeapStatistics().used_heap_size;
  const collect = () => {
    if (!gc || getHeapStatistics().used_heap_size < live + GC_SLACK) return;
    gc();
    live = getHeapStatistics().used_heap_size;
  };
  const flush = () => {
    for (const stack of batch) stack.prepareStack();
    for (const stack of batch) stack.synthesizer.synthesize(session);
    for (const stack of batch) app.node.tryRemoveChild(stack.node.id);
    batch = [];
    releaseTokensSince(mark);
    mark = tokenMark();
    collect();
  };
  addDeliveryStacks(app, catalogue, {
    statePath: options.statePath,
    crossStackPass: false,
    onStack: (stack) => {
      batch.push(stack);
      if (batch.length >= batchSize) flush();
    },
  });
  flush();
  app.manifest.writeToFile();
}

/**
 * Runs `fn` with SYNTH_HCL_OUTPUT set as `hcl` says: cdktf 0.21 decides JSON or HCL per stack from
 * that variable alone (App's `hclOutput` only names the file in the manifest).
 */
function withHclOutput(hcl: boolean, fn: () => void): void {
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    fn();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
}
