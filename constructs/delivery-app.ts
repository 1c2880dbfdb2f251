import { App } from "./private/cdktf";
import type { Catalogue } from "../config/catalogue";
import { StateProps } from "./delivery-stack";
import { withoutCreationStacks } from "./private/creation-stacks";
import { ServiceStack } from "./service-stack";
import { SharedStack } from "./shared-stack";

export interface DeliveryStacks {
  readonly shared: SharedStack;
  /** By service name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
}

export interface DeliveryStacksOptions {
  /** Where a stack's local state file lives, relative to its directory (cdktf.out/stacks/<stack>). */
  readonly statePath: (stack: string) => string;
  /** See DeliveryStackProps.crossStackPass. @default true */
  readonly crossStackPass?: boolean;
}

/**
 * Lays out the catalogue's stacks: `<organisation>-shared`, then `<organisation>-<service>` per
 * service (in name order), each depending on the shared stack only.
 */
export function addDeliveryStacks(
  app: App,
  catalogue: Catalogue,
  options: DeliveryStacksOptions,
): DeliveryStacks {
  const state = (stack: string): StateProps =>
    catalogue.cloud
      ? { kind: "cloud", ...catalogue.cloud }
      : { kind: "local", path: options.statePath(stack) };
  const crossStackPass = options.crossStackPass ?? true;
  const sharedId = `${catalogue.organisation}-shared`;
  const shared = new SharedStack(app, sharedId, {
    catalogue,
    state: state(sharedId),
    crossStackPass,
  });
  const services = new Map<string, ServiceStack>();
  for (const service of catalogue.services) {
    const id = `${catalogue.organisation}-${service.name}`;
    const stack = new ServiceStack(app, id, {
      catalogue,
      service,
      state: state(id),
      crossStackPass,
    });
    // Deploy order for `cdktf deploy`; the stack reads shared resources by name, not by reference.
    stack.addDependency(shared);
    services.set(service.name, stack);
  }
  return { shared, services };
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
}

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
    addDeliveryStacks(app, catalogue, {
      statePath: options.statePath,
      crossStackPass: !fast,
    });
    app.synth();
  };
  const synth = () => (fast ? withoutCreationStacks(run) : run());
  if (options.hcl === undefined) synth();
  else withHclOutput(options.hcl, synth);
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
