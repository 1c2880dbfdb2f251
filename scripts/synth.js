#!/usr/bin/env node
/**
 * The fast way to run main.ts: esbuild compiles the project's TypeScript (node_modules stay
 * external) into dist/main.js, then it runs in this process. No type checking (that is
 * `npm test`), no ts-node, no source-mapped stack traces. The compiled file is reused while the
 * sources it came from are unchanged (by content hash). Used by `npm run synth:direct` and by
 * cdktf.json's "app", so `cdktf synth` runs it too.
 */
"use strict";
const { createHash } = require("crypto");
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "main.js");
const stampFile = `${outfile}.sources`;

/** A hash of every TypeScript source main.ts can reach (its folders), and of the compiler. */
function sourcesHash() {
  const hash = createHash("sha256");
  const files = ["main.ts"];
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(root, dir), {
      withFileTypes: true,
    })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".ts")) files.push(rel);
    }
  };
  walk("config");
  walk("plan");
  walk("sources");
  walk("targets");
  walk("constructs");
  for (const file of files.sort())
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  hash.update(require("esbuild/package.json").version);
  return hash.digest("hex");
}

const stamp = sourcesHash();
if (
  !existsSync(outfile) ||
  !existsSync(stampFile) ||
  readFileSync(stampFile, "utf8") !== stamp
) {
  const result = require("esbuild").buildSync({
    entryPoints: [path.join(root, "main.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    logLevel: "warning",
    write: false,
  });
  // Written aside and renamed, so a synth running at the same time never reads half a file.
  mkdirSync(path.dirname(outfile), { recursive: true });
  const temporary = `${outfile}.${process.pid}`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outfile);
  writeFileSync(stampFile, stamp);
}
require(outfile);

// `cdktf synth --hcl` (SYNTH_HCL_OUTPUT=true): cdktf writes each cdk.tf unindented; `terraform fmt`
// (or `tofu fmt`) gives them the canonical layout, so the files can be kept and reviewed as they are.
if (process.env.SYNTH_HCL_OUTPUT === "true" && !process.exitCode) {
  const { spawnSync } = require("child_process");
  const stacks = path.join(
    path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out"),
    "stacks",
  );
  const formatter = ["terraform", "tofu"]
    .flatMap((name) =>
      (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, name)),
    )
    .find((candidate) => existsSync(candidate));
  if (!formatter) {
    process.stderr.write(
      `note: the .tf files in ${stacks} are not formatted (no terraform or tofu on PATH); run \`terraform fmt -recursive\` there.\n`,
    );
  } else {
    const fmt = spawnSync(
      formatter,
      ["fmt", "-recursive", "-list=false", "-no-color", stacks],
      {
        encoding: "utf8",
        // fmt reads no providers: an empty CLI configuration, so a missing ~/.terraformrc is no warning.
        env: {
          ...process.env,
          TF_CLI_CONFIG_FILE: require("os").devNull,
          CHECKPOINT_DISABLE: "1",
        },
      },
    );
    if (fmt.status !== 0) {
      process.stderr.write(
        `${path.basename(formatter)} fmt refused the HCL output:\n${fmt.stderr}${fmt.stdout}`,
      );
      process.exitCode = 1;
    }
  }
}
