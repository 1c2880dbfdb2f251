/**
 * What an edit would do to stateful resources: compares the synthesized stacks of the previous
 * synth (cdktf.out) with the new ones and lists every stateful resource that `terraform apply`
 * would REPLACE (an argument that forces a new resource changes), DESTROY (its address is gone
 * and no `removed { lifecycle { destroy = false } }` block keeps it) or ORPHAN (its whole stack
 * is no longer synthesized). Pure: JSON objects in, findings out; main.ts reads and prints.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A synthesized stack (the parsed cdk.tf.json), by stack name. */
export type Stacks = Readonly<Record<string, Json>>;

import {
  sharedStackName,
  workspacesStackName,
} from "../../plan/named-resources";
import type { StatefulType } from "../../plan/stateful-type";
import { DEPLOY_TARGETS } from "../../targets/registry";

/**
 * The stateful resource types this app synthesizes, with the arguments that force a new resource.
 * Each list is the provider's schema (`ForceNew` / `RequiresReplace`) as documented at
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/<type>, and was
 * checked with `terraform plan` against the real hashicorp/aws provider (5.100.0): every argument
 * listed here printed "# forces replacement", and the arguments this app also sets but that are not
 * listed (ECR image_tag_mutability, KMS alias target_key_id, key description, log group
 * kms_key_id and retention) were updated in place. A deploy target lists its own stateful types
 * (DeployTarget.statefulTypes, targets/<kind>/stateful.ts), checked the same way.
 */
export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository
  aws_ecr_repository: {
    label: "image repository",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      // ECR fixes the encryption at creation:
      // https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html
      {
        name: "encryption_configuration",
        default: [{ encryption_type: "AES256" }],
      },
    ],
    loss: "every image in it",
  },
  // The deploy targets' own (targets/<kind>/stateful.ts).
  ...Object.assign({}, ...DEPLOY_TARGETS.map((t) => t.statefulTypes)),
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket
  aws_s3_bucket: {
    label: "S3 bucket",
    nameAttribute: "bucket",
    forcing: [
      { name: "bucket" },
      { name: "bucket_prefix" },
      { name: "object_lock_enabled", default: false },
    ],
    loss: "every object in it",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key
  aws_kms_key: {
    label: "KMS key",
    nameAttribute: "description",
    forcing: [
      { name: "customer_master_key_spec", default: "SYMMETRIC_DEFAULT" },
      { name: "key_usage", default: "ENCRYPT_DECRYPT" },
      { name: "multi_region", default: false },
      { name: "custom_key_store_id" },
      { name: "xks_key_id" },
    ],
    loss: "access to everything encrypted with it, once its deletion window ends",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_alias
  // (service stacks find the catalogue key by its alias)
  aws_kms_alias: {
    label: "KMS alias",
    nameAttribute: "name",
    forcing: [{ name: "name" }, { name: "name_prefix" }],
    loss: "the name every service stack finds the key by",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group
  aws_cloudwatch_log_group: {
    label: "log group",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "name_prefix" },
      { name: "log_group_class", default: "STANDARD" },
    ],
    loss: "every log event in it",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codeconnections_connection
  // A new connection is PENDING until someone confirms it in the console:
  // https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-update.html
  aws_codeconnections_connection: {
    label: "source connection",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "provider_type" },
      { name: "host_arn" },
    ],
    loss: "its confirmation: the new connection stays PENDING until confirmed in the console",
  },
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic
  // (the catalogue's notification topic; its arguments as the provider documents them, not yet
  // checked with terraform plan like the others)
  aws_sns_topic: {
    label: "notification topic",
    nameAttribute: "name",
    forcing: [
      { name: "name" },
      { name: "name_prefix" },
      { name: "fifo_topic", default: false },
    ],
    loss: "its subscriptions: every e-mail address must subscribe and confirm again",
  },
  // https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/resources/workspace
  // `organization` is the one ForceNew argument (internal/provider/resource_tfe_workspace.go at
  // v0.71.0): a new `name` renames the workspace in place, keeping its state.
  tfe_workspace: {
    label: "Terraform Cloud workspace",
    nameAttribute: "name",
    forcing: [{ name: "organization", keptWhenRemoved: true }],
    loss: "its stack's state and run history (with force_delete false, Terraform Cloud refuses to delete a workspace that still manages resources, and the apply stops there)",
  },
};

export type ChangeKind = "replace" | "destroy" | "orphan";

export interface StatefulChange {
  readonly kind: ChangeKind;
  readonly stack: string;
  /** The Terraform address in the previous output (`type.name`). */
  readonly address: string;
  /** Where it comes from in the catalogue (`services.api.environments.prod`), or the construct path. */
  readonly where: string;
  /** e.g. `image repository "acme/api"`. */
  readonly what: string;
  /** Why: the forcing arguments that change, or why it is gone. */
  readonly because: string;
  /** What is lost (nothing, for an orphan). */
  readonly loss: string | undefined;
  /** Terraform will refuse the plan (the new configuration keeps `prevent_destroy`). */
  readonly refused: boolean;
}

/**
 * Every stateful resource the new stacks would replace, destroy or orphan, in stack and address
 * order.
 * @param organisation the catalogue's, to name a stack's service (`<organisation>-<service>`)
 */
export function statefulChanges(
  previous: Stacks,
  next: Stacks,
  organisation: string,
): StatefulChange[] {
  const changes: StatefulChange[] = [];
  for (const stack of Object.keys(previous).sort()) {
    const before = previous[stack];
    const after = next[stack];
    const resources = statefulResources(before);
    if (after === undefined) {
      for (const [address, resource] of resources)
        changes.push(
          finding("orphan", stack, address, resource, organisation, {
            because: `its stack ${stack} is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it)`,
            loss: undefined,
            refused: false,
          }),
        );
      continue;
    }
    const kept = keptByRemovedBlocks(after);
    const moved = movedTo(after);
    const replaced = new Set<string>();
    // A forcing argument that refers to a replaced resource of the same stack changes too (the
    // reference resolves to the new object): repeat until nothing more is replaced.
    for (let grew = true; grew;) {
      grew = false;
      for (const [address, resource] of resources) {
        if (replaced.has(address)) continue;
        const target = moved.get(address) ?? address;
        const successor = lookup(after, target);
        if (successor === undefined) continue;
        const reasons = forcingChanges(
          STATEFUL_TYPES[splitAddress(address)[0]],
          resource,
          successor,
          replaced,
        );
        if (reasons.length === 0) continue;
        replaced.add(address);
        grew = true;
        changes.push(
          finding("replace", stack, address, resource, organisation, {
            because: reasons.join("; "),
            loss: STATEFUL_TYPES[address.split(".")[0]].loss,
            refused: successor.lifecycle?.prevent_destroy === true,
          }),
        );
      }
    }
    for (const [address, resource] of resources) {
      const target = moved.get(address) ?? address;
      if (lookup(after, target) !== undefined) continue;
      if (kept.has(address)) continue;
      changes.push(
        finding("destroy", stack, address, resource, organisation, {
          because:
            resource.lifecycle?.prevent_destroy === true
              ? "it is no longer in the output (prevent_destroy does not stop this: it leaves with the resource's block)"
              : "it is no longer in the output",
          loss: STATEFUL_TYPES[address.split(".")[0]].loss,
          refused: false,
        }),
      );
    }
  }
  const order: Record<ChangeKind, number> = {
    orphan: 2,
    destroy: 1,
    replace: 0,
  };
  return changes.sort(
    (a, b) =>
      a.stack.localeCompare(b.stack) ||
      order[a.kind] - order[b.kind] ||
      a.address.localeCompare(b.address),
  );
}

/**
 * Whether a change is what `retired: true` asks for: a destroy under an entry the catalogue
 * retires (its environments, pipeline-side resources), given those entries' catalogue paths
 * (`services.orders`, `baseImages.ruby-base`). Reported, but not a reason to fail.
 */
export function isRetirement(
  change: StatefulChange,
  retired: readonly string[],
): boolean {
  return (
    change.kind === "destroy" &&
    retired.some(
      (entry) => change.where === entry || change.where.startsWith(`${entry}.`),
    )
  );
}

/**
 * Whether a change is a live catalogue entry deleted outright instead of retired, which no apply
 * can carry out cleanly: a deleted service's stack is no longer synthesized, so its environments
 * and pipeline keep running with nothing to stop them (orphan); a deleted base image's repository
 * is destroyed, which ECR refuses while it holds images, stopping the shared stack's apply
 * half-way. Always an error; the way out is `retired: true` (deleteHint).
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html
 */
export function isDeletedEntry(change: StatefulChange): boolean {
  return (
    // Orphaned workspaces (the workspaces stack turned off) stay as they are, states included.
    (change.kind === "orphan" &&
      !change.address.startsWith("tfe_workspace.")) ||
    (change.kind === "destroy" &&
      change.address.startsWith("aws_ecr_repository."))
  );
}

/** What to do instead of deleting a live entry outright. */
export function deleteHint(change: StatefulChange): string {
  const entry = change.where.split(".").slice(0, 2).join(".");
  const neverApplied =
    change.kind === "orphan"
      ? `delete cdktf.out/stacks/${change.stack} instead`
      : "synthesize once with DELIVERY_COMPARE_WITH=none (compared with nothing)";
  return `set retired: true on ${entry} and apply it first, then delete the entry (README: "Retiring and renaming"); if it was never applied, ${neverApplied}`;
}

/** One line for the terminal. */
export function describeChange(change: StatefulChange): string {
  const verb = {
    replace: "would be REPLACED (destroyed and created again)",
    destroy: "would be DESTROYED",
    orphan: "would be ORPHANED",
  }[change.kind];
  const refused = change.refused
    ? " prevent_destroy is set, so terraform plan will refuse it until that is lifted."
    : "";
  return `${change.where}: the ${change.what} ${verb}: ${change.because}.${change.loss ? ` Lost: ${change.loss}.` : ""}${refused} [${change.stack}: ${change.address}]`;
}

function statefulResources(stack: Json): [string, Json][] {
  const out: [string, Json][] = [];
  for (const type of Object.keys(stack?.resource ?? {}).sort()) {
    if (!(type in STATEFUL_TYPES)) continue;
    for (const name of Object.keys(stack.resource[type]).sort())
      out.push([`${type}.${name}`, stack.resource[type][name]]);
  }
  return out;
}

function lookup(stack: Json, address: string): Json | undefined {
  const [type, name] = splitAddress(address);
  return stack?.resource?.[type]?.[name];
}

function splitAddress(address: string): [string, string] {
  const dot = address.indexOf(".");
  return [address.slice(0, dot), address.slice(dot + 1)];
}

/** Terraform JSON allows a block type to be one object or a list of them. */
function blocks(value: Json): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Addresses a `removed` block forgets without destroying (`lifecycle { destroy = false }`):
 * https://developer.hashicorp.com/terraform/language/resources/syntax#removing-resources
 */
function keptByRemovedBlocks(stack: Json): Set<string> {
  const kept = new Set<string>();
  for (const block of blocks(stack?.removed)) {
    const destroy = blocks(block?.lifecycle)[0]?.destroy;
    if (destroy === false || destroy === "false") kept.add(String(block.from));
  }
  return kept;
}

/** `moved` blocks: the old address -> the new one. */
function movedTo(stack: Json): Map<string, string> {
  const moved = new Map<string, string>();
  for (const block of blocks(stack?.moved))
    moved.set(String(block.from), String(block.to));
  return moved;
}

/** The forcing arguments that differ, as `name "old" -> "new"`; empty when none does. */
function forcingChanges(
  type: StatefulType,
  before: Json,
  after: Json,
  replaced: ReadonlySet<string>,
): string[] {
  const reasons: string[] = [];
  for (const argument of type.forcing) {
    const old = before?.[argument.name];
    const now = after?.[argument.name];
    if (now === undefined && argument.keptWhenRemoved) continue;
    const was = old === undefined ? argument.default : old;
    const is = now === undefined ? argument.default : now;
    if (canonical(was) !== canonical(is)) {
      reasons.push(`${argument.name} ${shown(old)} -> ${shown(now)}`);
      continue;
    }
    const to = references(is).find((address) => replaced.has(address));
    if (to !== undefined)
      reasons.push(`${argument.name} refers to ${to}, which is replaced`);
  }
  return reasons;
}

/** JSON with sorted keys, so that key order never counts as a change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

function shown(value: unknown): string {
  if (value === undefined) return "(not set)";
  const text = canonical(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The resources (`type.name`, not data sources) a value refers to with `${...}`. */
function references(value: unknown): string[] {
  const text = canonical(value) ?? "";
  return [...text.matchAll(/\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)[.[}]/g)]
    .map((m) => m[1])
    .filter((address) => !address.startsWith("data."));
}

/**
 * Where a resource comes from in the catalogue, from its construct path (`//` metadata): the
 * stacks are `<organisation>-shared` and `<organisation>-<service>`, and construct ids are the
 * catalogue's keys (see shared-stack.ts and service-stack.ts). Anything else: the construct path.
 */
function catalogueWhere(
  stack: string,
  resource: Json,
  organisation: string,
): string {
  const path: unknown = resource?.["//"]?.metadata?.path;
  if (typeof path !== "string") return stack;
  const within = path.startsWith(`${stack}/`)
    ? path.slice(stack.length + 1)
    : path;
  // The workspaces stack (constructs/workspaces-stack.ts): `<stack>/<part>`, by the stack it serves.
  const workspaces: [RegExp, (m: RegExpExecArray) => string][] =
    stack === workspacesStackName(organisation)
      ? [
          [
            /^([^/]+)\/(workspace|settings|aws-auth|aws-role|trigger)$/,
            (m) =>
              m[1] === sharedStackName(organisation)
                ? "terraform.cloud.workspaces"
                : `services.${m[1].slice(organisation.length + 1)}`,
          ],
        ]
      : [];
  const rules: [RegExp, (m: RegExpExecArray) => string][] =
    workspaces.length > 0 && workspaces[0][0].test(within)
      ? workspaces
      : stack === sharedStackName(organisation)
        ? [
            [/^base-(.+)\/repository$/, (m) => `baseImages.${m[1]}`],
            [/^base-(.+)-(build|pipeline)\//, (m) => `baseImages.${m[1]}`],
            [/^docker-builder\//, () => "dockerBuilder"],
            [/^connection-(.+)$/, (m) => `connections.${m[1]}`],
            [/^(key|key-alias|artifacts\/.*)$/, () => "organisation"],
          ]
        : stack.startsWith(`${organisation}-`)
          ? serviceRules(`services.${stack.slice(organisation.length + 1)}`)
          : [];
  for (const [pattern, name] of rules) {
    const match = pattern.exec(within);
    if (match) return name(match);
  }
  // The deploy targets' own parts of the shared stack (ECS: its clusters).
  if (stack === sharedStackName(organisation))
    for (const target of DEPLOY_TARGETS) {
      const key = target.sharedCatalogueKey?.(within);
      if (key !== undefined) return key;
    }
  return path;
}

function serviceRules(
  service: string,
): [RegExp, (m: RegExpExecArray) => string][] {
  return [
    [/^image\//, () => `${service}.image`],
    [/^env-([^/]+)\//, (m) => `${service}.environments.${m[1]}`],
    [/^build\//, () => `${service}.build`],
    [/.*/, () => service],
  ];
}

function finding(
  kind: ChangeKind,
  stack: string,
  address: string,
  resource: Json,
  organisation: string,
  rest: Pick<StatefulChange, "because" | "loss" | "refused">,
): StatefulChange {
  const type = STATEFUL_TYPES[splitAddress(address)[0]];
  const name = resource?.[type.nameAttribute];
  return {
    kind,
    stack,
    address,
    where: catalogueWhere(stack, resource, organisation),
    what:
      typeof name === "string"
        ? `${type.label} ${JSON.stringify(name)}`
        : type.label,
    ...rest,
  };
}
