/**
 * scripts/stable-stringify.js, which the synth bundle writes stacks with in place of
 * json-stable-stringify: the same text as json-stable-stringify, on every fixture's stacks (which
 * cdktf wrote with json-stable-stringify itself) and on what they do not hold.
 */
import { readFileSync, readdirSync } from "fs";
import * as path from "path";
import { FIXTURES, load, synthTexts } from "./support/synth";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fast = require("../scripts/stable-stringify.js") as (
  value: unknown,
  options?: object,
) => string | undefined;
// cdktf's own copy (it is not a dependency of this project).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const original = require(
  require.resolve("json-stable-stringify", {
    paths: [path.dirname(require.resolve("cdktf"))],
  }),
) as typeof fast;

const VALID = path.join(FIXTURES, "valid");

test.each(readdirSync(VALID).filter((f) => f.endsWith(".yaml")))(
  "writes the stacks and manifest of %s exactly as cdktf wrote them",
  (file) => {
    const texts = synthTexts(
      load(readFileSync(path.join(VALID, file), "utf8")),
      {
        manifest: true,
      },
    );
    for (const [name, text] of Object.entries(texts))
      expect([name, fast(JSON.parse(text), { space: 2 })]).toEqual([
        name,
        text,
      ]);
  },
);

test("writes what no stack holds exactly as json-stable-stringify does", () => {
  const value = {
    empty: { list: [], map: {}, nested: [[], {}, [{}]] },
    holes: [undefined, () => 1, Symbol("s"), null, "kept"],
    skipped: { gone: undefined, fn: () => 1, kept: 0 },
    numbers: [0, -0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY],
    strings: ["", 'quote " and \\ backslash', "line\nbreak", "\u2028", "é"],
    keys: { b: 1, a: 2, B: 3, "10": 4, "9": 5, "": 6, é: 7, _: 8 },
    date: new Date(0),
    withToJson: { toJSON: () => ({ z: 1, y: [2] }) },
    flags: [true, false],
  };
  for (const options of [{ space: 2 }, { space: 0 }, { space: "\t" }, {}])
    expect(fast(value, options)).toBe(original(value, options));
  expect(fast(value)).toBe(original(value));
  for (const scalar of [undefined, null, "s", 1, true])
    expect(fast(scalar, { space: 2 })).toBe(original(scalar, { space: 2 }));
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  expect(() => fast(cyclic, { space: 2 })).toThrow(/circular/);
  // The same object twice, not in a cycle, is written twice.
  const shared = { x: 1 };
  expect(fast({ a: shared, b: [shared] }, { space: 2 })).toBe(
    original({ a: shared, b: [shared] }, { space: 2 }),
  );
  expect(() => fast(value, { space: 2, cmp: () => 0 })).toThrow(
    /supports \{ space \} only/,
  );
});
