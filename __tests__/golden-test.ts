/**
 * A refactoring and optimisation net: the bundled catalogue's stacks, byte for byte, and every
 * valid fixture's by hash (__tests__/fixtures/golden-fixtures.json). Any change
 * here must be a deliberate change of output: regenerate with
 *   UPDATE_GOLDEN=1 npx jest __tests__/golden-test.ts
 * and review the diff of __tests__/fixtures/golden/ like any other change.
 */
import { createHash } from "crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { TokenMap } from "../constructs/private/cdktf";
import { EXAMPLE, load, synthTexts } from "./support/synth";

const GOLDEN = path.join(__dirname, "fixtures", "golden");
const VALID = path.join(__dirname, "fixtures", "valid");
/** Every valid fixture's stacks, as `<fixture>/<stack>`: the SHA-256 of its cdk.tf.json. */
const FIXTURE_HASHES = path.join(__dirname, "fixtures", "golden-fixtures.json");

/**
 * A valid fixture's stacks (and manifest) as the app synthesizes them (fast, one batch), once per
 * file for all the tests below.
 */
const synthesized = new Map<string, Record<string, string>>();
function fastTexts(file: string): Record<string, string> {
  let texts = synthesized.get(file);
  if (texts === undefined) {
    texts = synthTexts(load(readFileSync(path.join(VALID, file), "utf8")), {
      manifest: true,
    });
    synthesized.set(file, texts);
  }
  return texts;
}

/** The stacks alone. */
function stacksOf(texts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(texts).filter(([name]) => name !== "manifest.json"),
  );
}

test("the bundled catalogue synthesizes to exactly the committed stacks", () => {
  const texts = stacksOf(fastTexts(path.basename(EXAMPLE)));
  if (process.env.UPDATE_GOLDEN) {
    for (const [stack, text] of Object.entries(texts))
      writeFileSync(path.join(GOLDEN, `${stack}.json`), text);
  }
  expect(readdirSync(GOLDEN).sort()).toEqual(
    Object.keys(texts)
      .map((s) => `${s}.json`)
      .sort(),
  );
  for (const [stack, text] of Object.entries(texts)) {
    const file = path.join(GOLDEN, `${stack}.json`);
    expect(existsSync(file)).toBe(true);
    expect([stack, text === readFileSync(file, "utf8")]).toEqual([stack, true]);
  }
});

test("every valid fixture synthesizes to exactly the committed stacks (by hash)", () => {
  const hashes: Record<string, string> = {};
  for (const file of readdirSync(VALID)
    .filter((f) => f.endsWith(".yaml"))
    .sort()) {
    const texts = stacksOf(fastTexts(file));
    for (const stack of Object.keys(texts).sort())
      hashes[`${file}/${stack}`] = createHash("sha256")
        .update(texts[stack])
        .digest("hex");
  }
  if (process.env.UPDATE_GOLDEN)
    writeFileSync(FIXTURE_HASHES, `${JSON.stringify(hashes, null, 2)}\n`);
  expect(hashes).toEqual(JSON.parse(readFileSync(FIXTURE_HASHES, "utf8")));
});

test.each(readdirSync(VALID).filter((f) => f.endsWith(".yaml")))(
  "the fast synth (no cross-stack pass, no creation stacks, batches) writes exactly what plain cdktf writes: %s",
  (file) => {
    const catalogue = load(readFileSync(path.join(VALID, file), "utf8"));
    const plain = synthTexts(catalogue, { manifest: true, fast: false });
    expect(Object.keys(plain).length).toBeGreaterThan(2);
    // Batches of 1 and 2 stacks release the tokens of every stack before the next is built;
    // the default batch holds them all here. (npm run bench checks 500 and 2000 services.)
    for (const batchSize of [undefined, 1, 2])
      expect([
        batchSize,
        batchSize === undefined
          ? fastTexts(file)
          : synthTexts(catalogue, { manifest: true, fast: true, batchSize }),
      ]).toEqual([batchSize, plain]);
  },
);

test("batched synthesis leaves cdktf's token map as it found it (plain cdktf keeps every token)", () => {
  const catalogue = load(readFileSync(EXAMPLE, "utf8"));
  const map = TokenMap.instance() as unknown as {
    stringTokenMap: Map<string, unknown>;
    numberTokenMap: Map<number, unknown>;
  };
  const size = () => map.stringTokenMap.size + map.numberTokenMap.size;
  const before = size();
  synthTexts(catalogue, { fast: true, batchSize: 2 });
  expect(size()).toBe(before);
  synthTexts(catalogue, { fast: false });
  expect(size()).toBeGreaterThan(before + 100);
});

test("every reference in a stack points at a resource, data source or provider of that same stack", () => {
  // What makes skipping cdktf's cross-stack pass safe: no stack refers to another.
  const texts = stacksOf(fastTexts(path.basename(EXAMPLE)));
  for (const [stack, text] of Object.entries(texts)) {
    const json = JSON.parse(text);
    const known = new Set<string>();
    for (const [type, byName] of Object.entries(json.resource ?? {}))
      for (const name of Object.keys(byName as object))
        known.add(`${type}.${name}`);
    for (const [type, byName] of Object.entries(json.data ?? {}))
      for (const name of Object.keys(byName as object))
        known.add(`data.${type}.${name}`);
    const references = [
      ...text.matchAll(/(?<!\$)\$\{((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/g),
    ].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(5);
    for (const reference of references)
      expect([stack, reference, known.has(reference)]).toEqual([
        stack,
        reference,
        true,
      ]);
  }
});
