/**
 * A refactoring and optimisation net: the bundled catalogue's stacks, byte for byte. Any change
 * here must be a deliberate change of output: regenerate with
 *   UPDATE_GOLDEN=1 npx jest __tests__/golden-test.ts
 * and review the diff of __tests__/fixtures/golden/ like any other change.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "fs";
import * as path from "path";
import { EXAMPLE, load, synthTexts } from "./support/synth";

const GOLDEN = path.join(__dirname, "fixtures", "golden");

test("the bundled catalogue synthesizes to exactly the committed stacks", () => {
  const texts = synthTexts(load(readFileSync(EXAMPLE, "utf8")), {
    manifest: false,
  });
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
