/**
 * `cdktf synth --hcl` must mean what cdk.tf.json means: each cdk.tf is converted back with
 * @cdktf/hcl2json (the parser cdktf's own `convert` uses) and compared with the JSON output of the
 * same catalogue. `npm run validate -- --hcl` (in .ci/run) adds `terraform fmt -check` and
 * `terraform validate` on the same files.
 */
import { spawnSync } from "child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { synthesize } from "../constructs/delivery-app";
import {
  exactHeredocs,
  unquoteReferenceLists,
} from "../constructs/private/hcl";
import { decodeExpression, decodeJsonencode } from "./support/jsonencode";
import { EXAMPLE, FIXTURES, Json, load, synthTexts } from "./support/synth";

/** The HCL output by stack name. */
function synthHcl(text: string): Record<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-hcl-"));
  try {
    synthesize(load(text), {
      outdir,
      statePath: (stack) => `../../../terraform.${stack}.tfstate`,
      hcl: true,
    });
    const stacks = readdirSync(path.join(outdir, "stacks"));
    return Object.fromEntries(
      stacks.map((stack) => [
        stack,
        readFileSync(path.join(outdir, "stacks", stack, "cdk.tf"), "utf8"),
      ]),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Sets of cdk.tf texts read back as JSON by @cdktf/hcl2json, each by stack, all in one child
 * process: the parser is Go compiled to WebAssembly, whose runtime would keep the jest worker from
 * exiting, and which takes most of a second to start.
 */
function hcl2json(sets: Record<string, string>[]): Record<string, Json>[] {
  const script = `
    const { parse } = require(${JSON.stringify(require.resolve("@cdktf/hcl2json"))});
    const sets = JSON.parse(require("fs").readFileSync(0, "utf8"));
    Promise.all(sets.map(async (texts) => Object.fromEntries(await Promise.all(
      Object.entries(texts).map(async ([stack, text]) => [stack, await parse(stack + "/cdk.tf", text)])))))
      .then((parsed) => process.stdout.write(JSON.stringify(parsed), () => process.exit(0)),
            (error) => { process.stderr.write(String(error)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ["-e", script], {
    input: JSON.stringify(sets),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

/**
 * A set of cdk.tf texts to read back. Every set is registered while jest collects the tests, and
 * all are read back together, in one hcl2json process, when a test first asks for one.
 */
const registered: Record<string, string>[] = [];
let readBack: Record<string, Json>[] | undefined;
function toReadBack(texts: Record<string, string>): () => Record<string, Json> {
  if (readBack) throw new Error("registered after the sets were read back");
  const index = registered.push(texts) - 1;
  return () => (readBack ??= hcl2json(registered))[index];
}

const REFERENCE_LISTS = new Set(["depends_on", "ignore_changes"]);

/**
 * One shape for both syntaxes: no cdktf "//" metadata; a block written once is an object (hcl2json
 * makes every block a list) and an empty list of blocks is no block (the writer leaves it out);
 * `${jsonencode(...)}` is the document it encodes. In HCL, the
 * reference lists must hold references (`${x}`, unquoted in the file), which become plain names as
 * JSON syntax spells them.
 */
function normalize(value: Json, syntax: "json" | "hcl", key = ""): Json {
  if (typeof value === "string") {
    // A removed block's `from` is an address: a traversal in HCL, a string in JSON syntax.
    if (key === "from" && syntax === "hcl") {
      const reference = /^\$\{(.+)\}$/.exec(value);
      if (!reference) throw new Error(`from holds "${value}", not an address`);
      return reference[1];
    }
    const document = decodeJsonencode(value);
    return document === undefined ? value : document;
  }
  if (Array.isArray(value)) {
    if (REFERENCE_LISTS.has(key)) {
      return value.map((item: string) => {
        if (syntax === "json") return item;
        const reference = /^\$\{(.+)\}$/.exec(item);
        if (!reference)
          throw new Error(`${key} holds "${item}", not a reference`);
        return reference[1];
      });
    }
    const items = value.map((item) => normalize(item, syntax));
    return items.length === 1 &&
      items[0] !== null &&
      typeof items[0] === "object" &&
      !Array.isArray(items[0])
      ? items[0]
      : items;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => k !== "//" && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, normalize(v, syntax, k)]),
    );
  }
  return value;
}

describe.each([
  ["the bundled catalogue", EXAMPLE],
  ["valid/many-maps.yaml", path.join(FIXTURES, "valid", "many-maps.yaml")],
  ["valid/cloud.yaml", path.join(FIXTURES, "valid", "cloud.yaml")],
  ["valid/retired.yaml", path.join(FIXTURES, "valid", "retired.yaml")],
])("cdktf synth --hcl of %s", (_, file) => {
  const text = readFileSync(file, "utf8");
  const json = synthTexts(load(text));
  const hcl = synthHcl(text);
  const fromHcl = toReadBack(hcl);

  test("writes the same stacks", () => {
    expect(Object.keys(hcl).sort()).toEqual(Object.keys(json).sort());
  });

  test.each(Object.keys(json))(
    "%s: cdk.tf read back equals cdk.tf.json",
    (stack) => {
      expect(normalize(fromHcl()[stack], "hcl")).toEqual(
        normalize(JSON.parse(json[stack]), "json"),
      );
    },
  );
});

test("the cloud workspace keeps its project in HCL (cdktf's writer drops it)", () => {
  const hcl = synthHcl(
    readFileSync(path.join(FIXTURES, "valid", "cloud.yaml"), "utf8"),
  );
  expect(hcl["acme-api"]).toMatch(
    /workspaces \{\nname = "delivery-acme-api"\nproject = "delivery"\n\}/,
  );
});

test("reference lists are unquoted; other quoted lists are left alone", () => {
  expect(
    unquoteReferenceLists(
      [
        "depends_on = [",
        '"aws_iam_role_policy.build_policy",',
        "]",
        "lifecycle {",
        "  ignore_changes = [",
        '"version_label",',
        '"tags[0]"',
        "]",
        "}",
        "modes = [",
        '"LOCAL_SOURCE_CACHE",',
        "]",
        "",
      ].join("\n"),
    ),
  ).toBe(
    [
      "depends_on = [",
      "aws_iam_role_policy.build_policy,",
      "]",
      "lifecycle {",
      "  ignore_changes = [",
      "version_label,",
      "tags[0]",
      "]",
      "}",
      "modes = [",
      '"LOCAL_SOURCE_CACHE",',
      "]",
      "",
    ].join("\n"),
  );
});

test("heredocs hold exactly the string: its own last newline, or chomp() when it has none", () => {
  expect(exactHeredocs('a = <<EOF\nx\ny\n\nEOF\nb = "c"')).toBe(
    'a = <<EOF\nx\ny\nEOF\nb = "c"',
  );
  expect(exactHeredocs("a = <<EOF\nx\ny\nEOF\n")).toBe(
    "a = chomp(<<EOF\nx\ny\nEOF\n)\n",
  );
});

describe("jsonencode of awkward values (an S3 key may hold anything but * and ?)", () => {
  const catalogue = (key: string) =>
    [
      "version: 1",
      "organisation: acme",
      "region: eu-west-1",
      "services:",
      "  api:",
      `    source: { s3: { bucket: acme-sources, key: ${JSON.stringify(key)} } }`,
      "    environments: { production: {} }",
      "",
    ].join("\n");
  /** The key in the event pattern, as Terraform will evaluate the template. */
  const keyIn = (eventPattern: string) =>
    (
      decodeJsonencode(eventPattern) as {
        detail: { object: { key: string[] } };
      }
    ).detail.object.key[0]
      .replace(/\$\$\{/g, "${")
      .replace(/%%\{/g, "%{");

  test.each([
    'builds/a"b\\c%{d}${e}~\tf.zip',
    // each on its own
    'builds/a"b.zip',
    "builds/a\\b.zip",
    "builds/a\tb\u0001.zip",
    "builds/100%{x}.zip",
  ])("cdk.tf.json carries the key exactly: %j", (key) => {
    const stack = JSON.parse(synthTexts(load(catalogue(key)))["acme-api"]);
    expect(
      keyIn(
        stack.resource.aws_cloudwatch_event_rule["pipeline_source-trigger"]
          .event_pattern,
      ),
    ).toBe(key);
  });

  // The plain S3ObjectKey argument of the source action holds the key too: cdktf's writer leaves
  // quotes and backslashes unescaped there, and the construct does not escape "\${" or "%{" in it
  // (neither for cdk.tf.json), so this key keeps to characters that argument survives.
  const key = "builds/it's~\t@f.zip";
  const fromHcl = toReadBack(synthHcl(catalogue(key)));
  test("so does cdk.tf", () => {
    const stack = fromHcl()["acme-api"];
    expect(
      keyIn(
        stack.resource.aws_cloudwatch_event_rule["pipeline_source-trigger"][0]
          .event_pattern,
      ),
    ).toBe(key);
  });
});

test("the jsonencode reader is strict: what it does not know throws", () => {
  expect(decodeExpression('{ "a" = [1, "x${b.c}"], d = e.f }')).toEqual({
    a: [1, "x${b.c}"],
    d: "${e.f}",
  });
  expect(() => decodeExpression('{ "a" = upper("x") }')).toThrow(/cannot read/);
  expect(() => decodeExpression('"%{ if a }b%{ endif }"')).toThrow(
    /template directive/,
  );
});
