/**
 * The constructs' own validations run in the real synth (synthesize(), with cdktf's
 * skipValidation): a broken invariant fails the synth with every failure listed, and nothing
 * more is written once one is found. The stacks of the bundled catalogue have none.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { IConstruct } from "constructs";
import { synthesize, SynthOptions } from "../../constructs/delivery-app";
import { ConstructValidationError } from "../../constructs/private/validation";
import { EXAMPLE, load } from "../support/synth";

const catalogue = load(readFileSync(EXAMPLE, "utf8"));

let outdir: string;
beforeEach(() => {
  outdir = mkdtempSync(path.join(tmpdir(), "synth-validation-"));
});
afterEach(() => rmSync(outdir, { recursive: true, force: true }));

/** Breaks an invariant of the construct at `child` below each named stack. */
function breaking(stacks: readonly string[], child = "build") {
  return (stack: IConstruct) => {
    if (!stacks.includes(stack.node.id)) return;
    stack.node
      .findChild(child)
      .node.addValidation({ validate: () => ["an invariant is broken"] });
  };
}

/** The problems the synth fails with (none: it succeeded). */
function synth(options: Partial<SynthOptions>): readonly string[] {
  try {
    synthesize(catalogue, {
      outdir,
      statePath: () => "terraform.tfstate",
      ...options,
    });
  } catch (error) {
    if (error instanceof ConstructValidationError) return error.problems;
    throw error;
  }
  return [];
}

const written = () =>
  existsSync(path.join(outdir, "stacks"))
    ? readdirSync(path.join(outdir, "stacks")).sort()
    : [];

test("the bundled catalogue's stacks break no invariant", () => {
  expect(synth({})).toEqual([]);
  expect(written()).toEqual([
    "acme-billing-api",
    "acme-ledger",
    "acme-rails-app",
    "acme-reports-worker",
    "acme-shared",
    "acme-storefront",
  ]);
});

test("a broken invariant fails the synth: every failure listed, nothing written", () => {
  expect(
    synth({ onStack: breaking(["acme-ledger", "acme-storefront"]) }),
  ).toEqual([
    "acme-ledger/build: an invariant is broken",
    "acme-storefront/build: an invariant is broken",
  ]);
  expect(written()).toEqual([]);
});

test("in batches: what comes after the first failure is checked, not written", () => {
  expect(
    synth({
      batchSize: 1,
      onStack: breaking(["acme-ledger", "acme-storefront"]),
    }),
  ).toHaveLength(2);
  // In the plan's order: shared, then the services by name; ledger is the third.
  expect(written()).toEqual(["acme-billing-api", "acme-shared"]);
});

test("without the fast path (app.synth()), the same", () => {
  expect(synth({ fast: false, onStack: breaking(["acme-ledger"]) })).toEqual([
    "acme-ledger/build: an invariant is broken",
  ]);
  expect(written()).toEqual([]);
});
