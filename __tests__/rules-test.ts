/**
 * The catalogue rules as data (config/rules/, each source kind's sources/<key>/rules/ and each
 * deploy target's targets/<kind>/rules/):
 * each registered rule has a stable id, is the one rule of the file named after it, and comes in a non-compliant / compliant pair of fixtures
 * named after it: `invalid/<id>.yaml` (and `invalid/<id>.<case>.yaml`) must be refused with at
 * least one problem found by that rule, `rules-pass/<id>.yaml` loaded without any problem. The
 * exact messages of the failing fixtures are pinned in catalogue-errors-test.ts.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import {
  catalogueReference,
  RULES_END,
  RULES_START,
  rulesReference,
} from "../config/reference";
import { ALL_RULES, RULES } from "../config/rules";
import { CATALOGUE_SCHEMA } from "../config/schema";
import { SOURCE_KINDS } from "../sources/registry";
import { DEPLOY_TARGETS } from "../targets/registry";

const ROOT = path.join(__dirname, "..");
const FIXTURES = path.join(__dirname, "fixtures");
const INVALID = path.join(FIXTURES, "invalid");
const PASS = path.join(FIXTURES, "rules-pass");
const IDS = ALL_RULES.map((rule) => rule.id);

/** Where rules live: the catalogue's own, each source kind's and each deploy target's. */
const FOLDERS = [
  { folder: path.join(ROOT, "config", "rules"), rules: RULES },
  ...SOURCE_KINDS.map((kind) => ({
    folder: path.join(ROOT, "sources", kind.key, "rules"),
    rules: kind.rules ?? [],
  })),
  ...DEPLOY_TARGETS.map((target) => ({
    folder: path.join(ROOT, "targets", target.kind, "rules"),
    rules: target.rules,
  })),
];

/** The problems a fixture is refused with, each with the id of the rule that found it. */
function refusal(file: string): { rule: string | undefined; text: string }[] {
  try {
    loadCatalogue(readFileSync(file, "utf8"), path.basename(file));
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    return error.problems.map((text, i) => ({ rule: error.rules[i], text }));
  }
  return [];
}

/** The rule a failing fixture is for: its name up to the first dot, if that is a rule's id. */
const ruleOf = (file: string) => file.split(".")[0];

describe("the registry of catalogue rules", () => {
  test("ids are unique, kebab-case, and each names the file that defines the rule", () => {
    expect(new Set(IDS).size).toBe(IDS.length);
    for (const { folder, rules } of FOLDERS) {
      for (const rule of rules) {
        expect(rule.id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
        const file = path.join(folder, `${rule.id}.ts`);
        expect([rule.id, existsSync(file)]).toEqual([rule.id, true]);
        // One rule per file: the file exports one rule, this one.
        const text = readFileSync(file, "utf8");
        const exported = text.match(
          /^export const \w+: (?:Merged|Catalogue)Rule = /gm,
        );
        expect([rule.id, exported?.length]).toEqual([rule.id, 1]);
        expect(text).toContain(`id: "${rule.id}",`);
      }
    }
  });

  test("every rule file is registered", () => {
    for (const { folder, rules } of FOLDERS) {
      // A source kind without rules has no folder for them.
      if (rules.length === 0 && !existsSync(folder)) continue;
      const files = readdirSync(folder)
        .filter((f) => f !== "index.ts" && f !== "rule.ts")
        .map((f) => f.replace(/\.ts$/, ""))
        .sort();
      expect([folder, files]).toEqual([
        folder,
        rules.map((rule) => rule.id).sort(),
      ]);
    }
  });

  test("a deploy target's rules are the Beanstalk ones moved into its folder, and its own", () => {
    expect(
      DEPLOY_TARGETS.find((t) => t.kind === "beanstalk")?.rules.map(
        (rule) => rule.id,
      ),
    ).toEqual([
      "beanstalk-single-process",
      "beanstalk-secret-versions",
      "platform-secrets",
      "instance-architecture",
      "instance-counts",
      "certificate-region",
      "network-complete",
      "cname-prefix-clash",
      "retired-cname-prefix",
      "beanstalk-variable-limits",
    ]);
  });

  test("a source kind's rules are in its folder: the connection source's", () => {
    expect(
      SOURCE_KINDS.map((kind) => [
        kind.key,
        (kind.rules ?? []).map((rule) => rule.id),
      ]),
    ).toEqual([
      ["connection", ["connection-exists", "trigger-filters"]],
      ["codecommit", []],
      ["s3", []],
    ]);
    // Every rule is registered once: with the catalogue's, a kind's or a target's.
    expect(new Set(IDS).size).toBe(IDS.length);
    expect(IDS.length).toBe(
      FOLDERS.reduce((n, { rules }) => n + rules.length, 0),
    );
  });

  test("summaries are one sentence on one line; keys are keys of the reference", () => {
    const keys = new Set(
      [...catalogueReference(CATALOGUE_SCHEMA).matchAll(/^\| `([^`]+)`/gm)].map(
        (m) => m[1],
      ),
    );
    expect(keys.has("services.<name>.environments.<env>.cnamePrefix")).toBe(
      true,
    );
    for (const rule of ALL_RULES) {
      expect([rule.id, rule.summary]).toEqual([
        rule.id,
        expect.stringMatching(/^[^\n]{10,200}\.$/),
      ]);
      expect(rule.keys.length).toBeGreaterThan(0);
      expect([rule.id, rule.keys.filter((key) => !keys.has(key))]).toEqual([
        rule.id,
        [],
      ]);
    }
  });

  test("every rule has a failing and a passing fixture named after it", () => {
    const missing = IDS.flatMap((id) => [
      ...(existsSync(path.join(INVALID, `${id}.yaml`))
        ? []
        : [`invalid/${id}.yaml`]),
      ...(existsSync(path.join(PASS, `${id}.yaml`))
        ? []
        : [`rules-pass/${id}.yaml`]),
    ]);
    expect(missing).toEqual([]);
  });

  test("every passing fixture is a rule's", () => {
    const stray = readdirSync(PASS).filter(
      (f) => !IDS.includes(f.replace(/\.yaml$/, "")),
    );
    expect(stray).toEqual([]);
  });
});

describe.each(
  readdirSync(INVALID)
    .filter((file) => IDS.includes(ruleOf(file)))
    .sort(),
)("failing fixture invalid/%s", (file) => {
  test("is refused, with at least one problem found by its rule", () => {
    const problems = refusal(path.join(INVALID, file));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.rule)).toContain(ruleOf(file));
  });
});

describe.each(IDS)("passing fixture rules-pass/%s.yaml", (id) => {
  test("loads without any problem", () => {
    expect(refusal(path.join(PASS, `${id}.yaml`))).toEqual([]);
  });
});

describe("problems are attributed to rules", () => {
  test("the parser's and the shape validator's to none", () => {
    const problems = refusal(path.join(INVALID, "connection-host.yaml"));
    expect(problems).toEqual([
      expect.objectContaining({ rule: "connection-host" }),
      expect.objectContaining({ rule: "connection-host" }),
      {
        rule: undefined,
        text: 'connection-host.yaml:11:5 connections.legacy.hostArn: needs "provider" beside it',
      },
    ]);
  });

  test("each to the rule that found it, in a fixture that breaks several", () => {
    expect(
      refusal(path.join(INVALID, "name-clash.yaml")).map((p) => p.rule),
    ).toEqual([
      "name-clash",
      ...Array(7).fill("derived-name-clash"),
      "artifact-folder-clash",
    ]);
  });
});

test("the README lists the rules from their metadata (out of date: run `npm run generate` and commit the result)", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  // Prettier re-pads the table; compare cell by cell.
  const cells = (text: string) =>
    text
      .split("\n")
      .filter((line) => line.startsWith("|") && !/^\|[\s-|]+\|$/.test(line))
      .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()));
  const section = readme.slice(
    readme.indexOf(RULES_START),
    readme.indexOf(RULES_END),
  );
  expect(section).not.toBe("");
  expect(cells(section)).toEqual(cells(rulesReference(ALL_RULES)));
  expect(cells(section)).toHaveLength(ALL_RULES.length + 1);
});
