/**
 * Rehearses the move to cdktn, the community fork of CDK for Terraform, without touching this
 * project: copies the app into a scratch directory, renames its imports (cdktf -> cdktn,
 * @cdktf/provider-aws -> @cdktn/provider-aws; cdktf-cli -> cdktn-cli in its package.json), installs
 * the fork from the npm registry, synthesizes the same catalogue with both (the fork also through
 * `npx cdktn synth`), and reports every difference of the output. Expected: the provider's version
 * pin and source and the library's version string; anything else fails.
 *
 *   npm run check:cdktn [-- --keep]
 *
 * SERVICE_CATALOGUE picks the catalogue (default: the bundled one). The fork's versions:
 * CDKTN_VERSION (default 0.24), CDKTN_PROVIDER_AWS_VERSION (25), CONSTRUCTS_VERSION (10.7). The
 * fork needs Node >= 22: under an older Node, NODE22 names a node binary, else node@22 is installed
 * from the npm registry into a cache directory (once) and used for the fork's install and synth.
 */
import { spawnSync, SpawnSyncOptions } from "child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** What the app is made of (tests, docs and tooling stay behind). */
const APP = [
  "main.ts",
  "config",
  "plan",
  "sources",
  "targets",
  "constructs",
  "scripts/synth.js",
  "scripts/no-archiver.js",
  "scripts/stable-stringify.js",
  "cdktf.json",
  "tsconfig.json",
];

/** The renames the move is, for this project: import specifiers only. */
const RENAMES: readonly [RegExp, string, string][] = [
  [/from "cdktf"/g, 'from "cdktn"', 'from "cdktf" -> from "cdktn"'],
  // constructs/private/cdktf.ts reaches cdktf's token map by its path inside the package.
  [
    /from "cdktf\//g,
    'from "cdktn/',
    'from "cdktf/lib/..." -> from "cdktn/lib/..."',
  ],
  [
    /"@cdktf\/provider-aws\//g,
    '"@cdktn/provider-aws/',
    '"@cdktf/provider-aws/... -> "@cdktn/provider-aws/...',
  ],
];

function sh(
  command: string,
  args: string[],
  options: SpawnSyncOptions = {},
): { seconds: number; stdout: string } {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status ?? result.error}):\n${result.stderr ?? ""}${result.stdout ?? ""}`,
    );
  }
  return {
    seconds: (Date.now() - started) / 1000,
    stdout: String(result.stdout ?? ""),
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** A Node >= 22 binary: this one, NODE22, or node@22 from the npm registry (cached). */
function node22(): { node: string; how: string } {
  if (Number(process.versions.node.split(".")[0]) >= 22)
    return { node: process.execPath, how: "this Node" };
  if (process.env.NODE22) return { node: process.env.NODE22, how: "NODE22" };
  const prefix = path.join(tmpdir(), "delivery-catalogue-node22");
  const node = path.join(prefix, "node_modules", ".bin", "node");
  if (!existsSync(node)) {
    sh("npm", [
      "install",
      "--prefix",
      prefix,
      "--no-audit",
      "--no-fund",
      "--no-save",
      "node@22",
    ]);
  }
  return { node, how: `node@22 from the npm registry, in ${prefix}` };
}

type Json = unknown;

/** Every difference between two JSON values, as [path, ours, theirs]. */
function differences(a: Json, b: Json, at = ""): [string, Json, Json][] {
  if (
    a !== null &&
    b !== null &&
    typeof a === "object" &&
    typeof b === "object" &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differences(
        (a as Record<string, Json>)[key],
        (b as Record<string, Json>)[key],
        at ? `${at}.${key}` : key,
      ),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [[at, a, b]];
}

/**
 * Modules left behind, each replaced by a stand-in that refuses to run: the workspaces stack
 * (`terraform.cloud.workspaces`) and its StackWorkspace are built with @cdktf/provider-tfe, which has no @cdktn twin on the
 * npm registry; on the fork its bindings come from `cdktn get` (hashicorp/tfe 0.71.0). It is
 * loaded only for catalogues that manage their workspaces, which the rehearsed catalogue must not.
 */
const STAND_INS: Readonly<Record<string, string>> = {
  "constructs/workspaces-stack.ts": `import { Construct } from "constructs";
import { TerraformStack } from "./private/cdktf";

/** The rehearsal's stand-in (scripts/check-cdktn.ts): no tfe bindings for cdktn here. */
export class WorkspacesStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    throw new Error(
      "terraform.cloud.workspaces is not rehearsed: generate the hashicorp/tfe bindings with cdktn get",
    );
  }
}
`,
  // Only the workspaces stack uses it.
  "constructs/stack-workspace.ts": `/** The rehearsal's stand-in (scripts/check-cdktn.ts): no tfe bindings for cdktn here. */
export {};
`,
};

/** The differences the move is expected to make: the provider pin and source, version strings. */
const EXPECTED = [
  /^terraform\.required_providers\.aws\.(version|source)$/,
  /^\/\/\.metadata\.version$/,
];

function main(): number {
  const keep = process.argv.includes("--keep");
  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), "check-cdktn-"));
  const project = path.join(work, "project");
  const ours = JSON.parse(
    readFileSync(path.join(ROOT, "package.json"), "utf8"),
  );
  const versions = {
    cdktn: process.env.CDKTN_VERSION ?? "0.24",
    "@cdktn/provider-aws": process.env.CDKTN_PROVIDER_AWS_VERSION ?? "25",
    constructs: process.env.CONSTRUCTS_VERSION ?? "10.7",
    "cdktn-cli": process.env.CDKTN_VERSION ?? "0.24",
  };

  // 1. The app, renamed.
  for (const part of APP)
    cpSync(path.join(ROOT, part), path.join(project, part), {
      recursive: true,
    });
  for (const [file, text] of Object.entries(STAND_INS))
    writeFileSync(path.join(project, file), text);
  const renamed = new Map<string, number>();
  const changed = new Set<string>();
  for (const file of filesUnder(project).filter((f) => /\.(ts|js)$/.test(f))) {
    let text = readFileSync(file, "utf8");
    for (const [pattern, replacement, label] of RENAMES) {
      const count = (text.match(pattern) ?? []).length;
      if (count === 0) continue;
      renamed.set(label, (renamed.get(label) ?? 0) + count);
      changed.add(file);
      text = text.replace(pattern, replacement);
    }
    const left = /(?:from |require\()"(?:cdktf|@cdktf\/[^"]*)"/.exec(text);
    if (left)
      throw new Error(
        `${path.relative(project, file)} still imports ${left[0]}: route it through constructs/private/cdktf.ts or a deep provider import`,
      );
    writeFileSync(file, text);
  }
  writeFileSync(
    path.join(project, "package.json"),
    `${JSON.stringify(
      {
        name: `${ours.name}-on-cdktn`,
        private: true,
        dependencies: {
          ...versions,
          yaml: ours.dependencies.yaml,
          esbuild: ours.devDependencies.esbuild,
        },
      },
      null,
      2,
    )}\n`,
  );

  // 2. The fork, from the npm registry, installed and run under Node >= 22.
  const { node, how } = node22();
  const nodeVersion = sh(node, ["--version"]).stdout.trim();
  const env22 = {
    ...process.env,
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}`,
  };
  const install = sh("npm", ["install", "--no-audit", "--no-fund"], {
    cwd: project,
    env: env22,
  });
  const installed = Object.fromEntries(
    [...Object.keys(versions), "yaml", "esbuild"].map((name) => [
      name,
      JSON.parse(
        readFileSync(
          path.join(project, "node_modules", name, "package.json"),
          "utf8",
        ),
      ).version as string,
    ]),
  );

  // 3. The same catalogue through both, from the same working directory (same state paths).
  const catalogue = path.resolve(
    process.env.SERVICE_CATALOGUE ?? path.join(ROOT, "config", "services.yaml"),
  );
  const synth = (nodeBinary: string, root: string, out: string) =>
    sh(nodeBinary, [path.join(root, "scripts", "synth.js")], {
      cwd: work,
      env: {
        ...process.env,
        SERVICE_CATALOGUE: catalogue,
        CDKTF_OUTDIR: path.join(work, out),
        SYNTH_HCL_OUTPUT: "false",
      },
    }).seconds;
  const cdktfSeconds = synth(process.execPath, ROOT, "out-cdktf");
  const cdktnSeconds = synth(node, project, "out-cdktn");
  // And the user's command, `npx cdktn synth` (cdktn-cli reads cdktf.json): the same stacks, but
  // for the local state path (relative to where the CLI runs the app).
  const cli = sh(
    node,
    [
      path.join(project, "node_modules", "cdktn-cli", "bundle", "bin", "cdktn"),
      "synth",
      "--output",
      path.join(work, "out-cdktn-cli"),
    ],
    {
      cwd: project,
      env: {
        ...env22,
        SERVICE_CATALOGUE: catalogue,
        CHECKPOINT_DISABLE: "1",
        CI: "true",
      },
    },
  );

  // 4. The differences.
  const stacks = (out: string) =>
    existsSync(path.join(work, out, "stacks"))
      ? readdirSync(path.join(work, out, "stacks")).sort()
      : [];
  const all = [...new Set([...stacks("out-cdktf"), ...stacks("out-cdktn")])];
  const lines: string[] = [];
  let unexpected = 0;
  let expected = 0;
  for (const stack of all) {
    const read = (out: string) => {
      const file = path.join(work, out, "stacks", stack, "cdk.tf.json");
      return existsSync(file)
        ? JSON.parse(readFileSync(file, "utf8"))
        : undefined;
    };
    const withoutBackend = (out: string) => {
      const document = read(out);
      delete document?.terraform?.backend;
      return document;
    };
    for (const [at, a, b] of differences(
      withoutBackend("out-cdktn"),
      withoutBackend("out-cdktn-cli"),
    )) {
      unexpected++;
      lines.push(
        `  UNEXPECTED ${stack} ${at}: npx cdktn synth wrote ${JSON.stringify(b) ?? "(absent)"}, the app alone ${JSON.stringify(a) ?? "(absent)"}`,
      );
    }
    for (const [at, a, b] of differences(
      read("out-cdktf"),
      read("out-cdktn"),
    )) {
      const ok = EXPECTED.some((p) => p.test(at));
      if (ok) expected++;
      else unexpected++;
      lines.push(
        `  ${ok ? "expected  " : "UNEXPECTED"} ${stack} ${at || "(whole stack)"}: ${JSON.stringify(a) ?? "(absent)"} -> ${JSON.stringify(b) ?? "(absent)"}`,
      );
    }
  }

  const out = process.stdout;
  out.write(
    `left behind (stand-ins that refuse to run): ${Object.keys(STAND_INS).join(", ")}\n`,
  );
  out.write(
    `renamed in ${changed.size} files: ${[...renamed]
      .map(([label, count]) => `${label} (${count}x)`)
      .join(", ")}\n`,
  );
  out.write(
    `installed ${Object.entries(installed)
      .map(([name, version]) => `${name}@${version}`)
      .join(
        ", ",
      )} under Node ${nodeVersion} (${how}) in ${install.seconds.toFixed(1)} s\n`,
  );
  out.write(
    `synth of ${path.relative(process.cwd(), catalogue) || catalogue}: cdktf ${ours.dependencies.cdktf} under Node ${process.versions.node} ${cdktfSeconds.toFixed(1)} s; cdktn ${installed.cdktn} under Node ${nodeVersion.replace(/^v/, "")} ${cdktnSeconds.toFixed(1)} s (npx cdktn synth: ${cli.seconds.toFixed(1)} s)\n`,
  );
  out.write(`differences (${all.length} stacks):\n${lines.join("\n")}\n`);
  out.write(
    `check:cdktn: ${expected} expected difference(s), ${unexpected} unexpected; ${((Date.now() - started) / 1000).toFixed(1)} s in all\n`,
  );
  if (keep || unexpected > 0) out.write(`scratch kept in ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
  return unexpected > 0 || all.length === 0 ? 1 : 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
