#!/usr/bin/env node
/**
 * The fast way to run main.ts: esbuild compiles the project's TypeScript and bundles every
 * dependency with it into dist/main.js, which runs in this process through a V8 code cache
 * (dist/main.js.cache; Node 20 ignores NODE_COMPILE_CACHE, so vm.Script's cachedData instead):
 * loading cdktf, yaml and the provider classes takes about half the time of plain requires. No type
 * checking (that is `npm test`), no ts-node, no source-mapped stack traces. Both files are reused
 * while the sources they came from, the installed dependencies, esbuild and Node are unchanged (by
 * content hash). Used by `npm run synth:direct` and by cdktf.json's "app", so `cdktf synth` runs
 * it too.
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
const { createRequire } = require("module");
const path = require("path");
const v8 = require("v8");
const vm = require("vm");

const root = path.join(__dirname, "..");
const outfile = path.join(root, "dist", "main.js");
const cacheFile = `${outfile}.cache`;
const stampFile = `${outfile}.sources`;

/**
 * A hash of every TypeScript source main.ts can reach (its folders), of the installed dependencies
 * (npm's record of node_modules, rewritten by every install), of the compiler and of the Node that
 * made the code cache.
 */
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
  // Every folder main.ts imports from (the layers: config -> plan -> constructs, and the
  // registries of deploy targets and source kinds).
  for (const dir of ["config", "plan", "sources", "targets", "constructs"])
    if (existsSync(path.join(root, dir))) walk(dir);
  files.push(
    path.join("scripts", "no-archiver.js"),
    path.join("scripts", "stable-stringify.js"),
  );
  for (const file of files.sort())
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  for (const lock of ["package-lock.json", "node_modules/.package-lock.json"]) {
    const file = path.join(root, lock);
    hash.update(existsSync(file) ? readFileSync(file) : "-").update("\0");
  }
  hash.update(require("esbuild/package.json").version);
  hash.update(`${process.version} ${process.arch}`);
  return hash.digest("hex");
}

/** Written aside and renamed, so a synth running at the same time never reads half a file. */
function writeAtomically(file, contents) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
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
    // See no-archiver.js and stable-stringify.js.
    alias: {
      archiver: path.join(__dirname, "no-archiver.js"),
      "json-stable-stringify": path.join(__dirname, "stable-stringify.js"),
    },
    logLevel: "warning",
    write: false,
  });
  writeAtomically(outfile, result.outputFiles[0].contents);
  writeAtomically(cacheFile, Buffer.alloc(0));
  writeFileSync(stampFile, stamp);
}

// Batched synthesis collects the garbage of each batch when it can (constructs/delivery-app.ts).
if (typeof globalThis.gc !== "function") {
  v8.setFlagsFromString("--expose-gc");
  globalThis.gc = vm.runInNewContext("gc");
}

// The bundle as CommonJS, compiled with the cached code when V8 accepts it.
const source = readFileSync(outfile, "utf8");
const cached = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new vm.Script(
  `(function (exports, require, module, __filename, __dirname) {${source}\n})`,
  {
    filename: outfile,
    cachedData: cached && cached.length > 0 ? cached : undefined,
  },
);
const bundle = { exports: {} };
script.runInThisContext()(
  bundle.exports,
  createRequire(outfile),
  bundle,
  outfile,
  path.dirname(outfile),
);
// Made after the run, so that it holds every function the run compiled, not only the top level.
if (!cached || cached.length === 0 || script.cachedDataRejected)
  writeAtomically(cacheFile, script.createCachedData());

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
