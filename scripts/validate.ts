/**
 * `terraform validate` over every synthesized stack, with the real Terraform and the real AWS
 * provider, so the provider's own checks (enums, ranges, conflicts, required blocks) back ours.
 *
 *   npm run validate [-- [--hcl] [--keep] [--synthesized DIR]... [catalogue.yaml ...]]
 *
 * Catalogues: the arguments, else SERVICE_CATALOGUE, else config/services.yaml. Each is
 * synthesized into a temporary directory (`--hcl`: also as `cdktf synth --hcl` does, and its .tf
 * files must pass `terraform fmt -check`); `--synthesized DIR` validates a copy of an existing
 * output directory instead (e.g. cdktf.out). Per stack: `terraform init -backend=false`, then
 * `terraform validate -json`, two stacks at a time. Any diagnostic, warnings included, fails.
 *
 * The provider: TF_PROVIDER_MIRROR (a filesystem mirror), else a filesystem_mirror of your CLI
 * configuration, else a mirror found in the usual places (/opt/tf-plugins, ~/.terraform.d/plugins,
 * ...), else the registry. The run has its own CLI configuration (your ~/.terraformrc is never
 * changed) with one plugin cache for the run, so the ~700 MB provider is linked, not copied, per stack.
 * When the provider found is older than the pin, the copies validated carry the provider's version
 * and the v6-only spellings mapped to v5; every mapping is printed.
 *
 * No terraform on PATH: a loud warning and exit 0 (this step is skipped, nothing else).
 * A stack that needs a provider this run cannot install (with a local mirror, anything but the AWS
 * provider: the workspaces stack's hashicorp/tfe) is skipped with a loud warning saying why.
 */
import { spawn, spawnSync } from "child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import {
  cliConfig,
  compareVersions,
  Diagnostic,
  findMirror,
  formatDiagnostic,
  major,
  mapHclToV5,
  mapJsonToV5,
  Mapping,
  Mirror,
  PROVIDER,
  requiredProviders,
  unavailableProviders,
} from "./terraform-check";

const ROOT = path.join(__dirname, "..");
/** Two cores on the project's machines; terraform validate keeps one busy per stack. */
const PARALLEL = 2;

const USAGE = `npm run validate [-- [--hcl] [--keep] [--synthesized DIR]... [catalogue.yaml ...]]
  catalogue.yaml     catalogues to synthesize and validate (default: SERVICE_CATALOGUE, else config/services.yaml)
  --hcl              also synthesize as \`cdktf synth --hcl\` does; its .tf files must pass terraform fmt -check
  --synthesized DIR  validate a copy of an existing output directory (e.g. cdktf.out)
  --keep             keep the validated copies (they are kept anyway when something fails)
  TF_PROVIDER_MIRROR=dir  the filesystem mirror holding the AWS provider; TERRAFORM=path the binary
`;

interface Options {
  hcl: boolean;
  keep: boolean;
  synthesized: string[];
  catalogues: string[];
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    hcl: false,
    keep: false,
    synthesized: [],
    catalogues: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === "--hcl") options.hcl = true;
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--synthesized") {
      const dir = argv[++i];
      if (!dir) throw new Error("--synthesized needs a directory");
      options.synthesized.push(dir);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else options.catalogues.push(arg);
  }
  if (options.catalogues.length === 0 && options.synthesized.length === 0) {
    options.catalogues.push(
      process.env.SERVICE_CATALOGUE ?? path.join("config", "services.yaml"),
    );
  }
  return options;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of process.platform === "win32" ? [".exe", ""] : [""]) {
      const candidate = path.join(dir, name + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

function loudWarning(lines: string[]): void {
  const bar = "!".repeat(78);
  process.stderr.write(
    `${bar}\n${lines.map((l) => `!! ${l}`).join("\n")}\n${bar}\n`,
  );
}

/** One stack directory to validate: a copy, which the mappings may change. */
interface Unit {
  readonly label: string;
  readonly dir: string;
  readonly stack: string;
  readonly file: "cdk.tf.json" | "cdk.tf";
}

interface Outcome {
  readonly unit: Unit;
  readonly lines: string[];
  readonly seconds: number;
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) =>
      resolve({ status: status ?? 1, stdout, stderr }),
    );
  });
}

async function validateUnit(
  unit: Unit,
  terraform: string,
  env: NodeJS.ProcessEnv,
): Promise<Outcome> {
  const started = Date.now();
  const cwd = path.join(unit.dir, unit.stack);
  const seconds = () => (Date.now() - started) / 1000;
  const init = await run(
    terraform,
    ["init", "-backend=false", "-input=false", "-no-color"],
    cwd,
    env,
  );
  if (init.status !== 0) {
    return {
      unit,
      seconds: seconds(),
      lines: [
        `${cwd}: terraform init failed:`,
        ...`${init.stderr}${init.stdout}`.trim().split("\n"),
      ],
    };
  }
  const validate = await run(
    terraform,
    ["validate", "-json", "-no-color"],
    cwd,
    env,
  );
  let report: { diagnostics?: Diagnostic[] };
  try {
    report = JSON.parse(validate.stdout);
  } catch {
    return {
      unit,
      seconds: seconds(),
      lines: [
        `${cwd}: terraform validate gave no report:`,
        ...`${validate.stderr}${validate.stdout}`.trim().split("\n"),
      ],
    };
  }
  return {
    unit,
    seconds: seconds(),
    lines: (report.diagnostics ?? []).map((d) =>
      formatDiagnostic(unit.dir, unit.stack, d),
    ),
  };
}

/**
 * Runs the units PARALLEL at a time. Terraform reinstalls a provider into the plugin cache for a
 * directory without a lock file, which would swap the cache entry under a stack being validated;
 * so the first unit of each provider version runs alone, and its .terraform.lock.hcl is given to
 * the others of that version, which then use the cached provider as it is.
 */
async function validateAll(
  units: Unit[],
  providerOf: (unit: Unit) => string,
  terraform: string,
  env: NodeJS.ProcessEnv,
  onDone: (outcome: Outcome) => void,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const finish = (outcome: Outcome) => {
    outcomes.push(outcome);
    onDone(outcome);
  };
  const locks = new Map<string, string>();
  const rest: Unit[] = [];
  for (const unit of units) {
    const version = providerOf(unit);
    if (locks.has(version)) {
      rest.push(unit);
      continue;
    }
    finish(await validateUnit(unit, terraform, env));
    const lock = path.join(unit.dir, unit.stack, ".terraform.lock.hcl");
    locks.set(version, existsSync(lock) ? readFileSync(lock, "utf8") : "");
  }
  for (const unit of rest) {
    const lock = locks.get(providerOf(unit));
    if (lock)
      writeFileSync(
        path.join(unit.dir, unit.stack, ".terraform.lock.hcl"),
        lock,
      );
  }
  let next = 0;
  const worker = async () => {
    while (next < rest.length) {
      const unit = rest[next++];
      finish(await validateUnit(unit, terraform, env));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return outcomes;
}

function stacksIn(dir: string): string[] {
  const stacks = path.join(dir, "stacks");
  return existsSync(stacks) ? readdirSync(stacks).sort() : [];
}

/** Synthesizes a catalogue as `cdktf synth` (and `cdktf synth --hcl`) would; false on bad input. */
function synthesize(catalogue: string, outdir: string, hcl: boolean): boolean {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "scripts", "synth.js")],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        SERVICE_CATALOGUE: path.resolve(catalogue),
        CDKTF_OUTDIR: outdir,
        SYNTH_HCL_OUTPUT: hcl ? "true" : "false",
      },
    },
  );
  return result.status === 0;
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const terraform = process.env.TERRAFORM ?? onPath("terraform");
  if (!terraform) {
    loudWarning([
      "terraform validate SKIPPED: no terraform binary on PATH (or TERRAFORM=path).",
      "The synthesized stacks were NOT checked against the real AWS provider.",
      "Install Terraform (https://developer.hashicorp.com/terraform/install) and rerun.",
    ]);
    return 0;
  }
  const version = spawnSync(terraform, ["version", "-json"], {
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (version.error) {
    process.stderr.write(
      `terraform validate: cannot run ${terraform}: ${(version.error as NodeJS.ErrnoException).code ?? version.error.message}\n`,
    );
    return 1;
  }
  const terraformVersion =
    (() => {
      try {
        return JSON.parse(version.stdout).terraform_version as string;
      } catch {
        return undefined;
      }
    })() ?? "(unknown version)";

  let mirror: Mirror | undefined;
  try {
    mirror = findMirror();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }

  const work = mkdtempSync(path.join(tmpdir(), "validate-"));
  // One cache for the run's stacks: the provider is installed (a mirror's linked, the registry's
  // downloaded) once and linked into each. Per run: Terraform's plugin cache is not safe for
  // concurrent runs, and an entry left by an earlier run can make init fail.
  const pluginCache = path.join(work, "plugin-cache");
  mkdirSync(pluginCache);
  const rc = path.join(work, "terraformrc");
  writeFileSync(rc, cliConfig(mirror, pluginCache));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: rc,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
  };
  // Each stack keeps its own .terraform; nothing may redirect or select state.
  delete env.TF_DATA_DIR;
  delete env.TF_PLUGIN_CACHE_DIR;
  delete env.TF_WORKSPACE;

  const units: Unit[] = [];
  const problems: string[] = [];
  /** Stacks left out, each with why. */
  const skipped: string[] = [];
  const add = (label: string, dir: string) => {
    for (const stack of stacksIn(dir)) {
      const file = existsSync(path.join(dir, "stacks", stack, "cdk.tf"))
        ? "cdk.tf"
        : "cdk.tf.json";
      const missing = unavailableProviders(
        requiredProviders(
          file,
          readFileSync(path.join(dir, "stacks", stack, file), "utf8"),
        ),
        mirror,
      );
      if (missing.length > 0) {
        skipped.push(
          `${label}: ${stack}/${file} needs ${missing.join(", ")}, which this run cannot install (with a local mirror, only ${PROVIDER} is installed, from ${mirror!.dir}, and the registry is not used)${missing.some((m) => m.endsWith("/hashicorp/tfe")) ? "; its tfe resources are pinned by __tests__/workspaces-test.ts instead" : ""}. Where the registry is reachable and no mirror is found, it is validated too.`,
        );
        continue;
      }
      units.push({ label, dir: path.join(dir, "stacks"), stack, file });
    }
  };
  let n = 0;
  for (const catalogue of options.catalogues) {
    const base = path.join(work, `${++n}-${path.basename(catalogue, ".yaml")}`);
    mkdirSync(base);
    if (!synthesize(catalogue, path.join(base, "json"), false)) {
      problems.push(`${catalogue}: does not synthesize (above)`);
      continue;
    }
    add(catalogue, path.join(base, "json"));
    if (options.hcl) {
      const hclDir = path.join(base, "hcl");
      if (!synthesize(catalogue, hclDir, true)) {
        problems.push(`${catalogue}: does not synthesize with --hcl (above)`);
        continue;
      }
      const fmt = spawnSync(
        terraform,
        ["fmt", "-check", "-recursive", "-list=true", "-no-color", "stacks"],
        { cwd: hclDir, encoding: "utf8", env },
      );
      if (fmt.status !== 0) {
        problems.push(
          `${catalogue} (--hcl): terraform fmt -check refuses:\n${`${fmt.stdout}${fmt.stderr}`.trim()}`,
        );
      }
      add(`${catalogue} (--hcl)`, hclDir);
    }
  }
  for (const dir of options.synthesized) {
    const copy = path.join(work, `${++n}-${path.basename(path.resolve(dir))}`);
    cpSync(path.join(dir, "stacks"), path.join(copy, "stacks"), {
      recursive: true,
      filter: (source) =>
        !/[\\/]\.terraform([\\/]|$)|\.terraform\.lock\.hcl$/.test(source),
    });
    add(dir, copy);
  }
  if (units.length === 0 && problems.length === 0) {
    problems.push("no stacks to validate");
  }

  // The provider the copies validate against, and what that takes.
  const pins = new Set<string>();
  /** The provider version each copy requires, once rewritten. */
  const provider = new Map<Unit, string>();
  const mappings: Mapping[] = [];
  const chosen = mirror?.versions[0];
  for (const unit of units) {
    const file = path.join(unit.dir, unit.stack, unit.file);
    const text = readFileSync(file, "utf8");
    if (unit.file === "cdk.tf.json") {
      const document = JSON.parse(text);
      const aws = document.terraform?.required_providers?.aws;
      if (aws?.version) pins.add(aws.version);
      provider.set(unit, chosen ?? aws?.version ?? "");
      if (!chosen || !aws?.version || aws.version === chosen) continue;
      const pin: string = aws.version;
      aws.version = chosen;
      if (major(chosen) < major(pin))
        mappings.push(...mapJsonToV5(unit.stack, document));
      writeFileSync(file, JSON.stringify(document, null, 2));
    } else {
      const pin =
        /required_providers\s*\{\s*aws\s*=\s*\{[^}]*?version\s*=\s*"([^"]+)"/.exec(
          text,
        )?.[1];
      if (pin) pins.add(pin);
      provider.set(unit, chosen ?? pin ?? "");
      if (!chosen || !pin || pin === chosen) continue;
      let mapped = text.replace(
        /(required_providers\s*\{\s*aws\s*=\s*\{[^}]*?version\s*=\s*)"[^"]+"/,
        `$1"${chosen}"`,
      );
      if (major(chosen) < major(pin)) {
        const result = mapHclToV5(unit.stack, mapped);
        mapped = result.text;
        mappings.push(
          ...result.applied.map((m) => ({ ...m, stack: `${m.stack} (--hcl)` })),
        );
      }
      writeFileSync(file, mapped);
    }
  }
  const pinList = [...pins].sort(compareVersions).join(", ") || "(none)";
  process.stdout.write(
    `terraform ${terraformVersion} (${terraform}); provider ${PROVIDER} ${
      mirror
        ? `${chosen} from ${mirror.dir} (${mirror.how})`
        : `${pinList} from the registry (no local mirror found)`
    }; stacks pin ${pinList}\n`,
  );
  if (chosen && [...pins].some((p) => p !== chosen)) {
    process.stdout.write(
      `  the copies validated require ${chosen} instead of ${pinList} (the synthesized output is unchanged)\n`,
    );
  }
  for (const m of mappings) {
    process.stdout.write(
      `  mapped v6 -> v5: ${m.stack} ${m.address}: ${m.change}\n`,
    );
  }

  if (skipped.length > 0)
    loudWarning([
      `terraform validate SKIPPED ${skipped.length} stack${skipped.length === 1 ? "" : "s"}:`,
      ...skipped,
    ]);
  const outcomes = await validateAll(
    units,
    (unit) => provider.get(unit) ?? "",
    terraform,
    env,
    (o) => {
      process.stdout.write(
        `  ${o.lines.length === 0 ? "ok  " : "FAIL"} ${o.unit.label}: ${o.unit.stack}/${o.unit.file} (${o.seconds.toFixed(1)} s)\n`,
      );
    },
  );
  const diagnostics = outcomes.flatMap((o) => o.lines);
  for (const line of [...problems, ...diagnostics])
    process.stderr.write(`${line}\n`);
  const failed = problems.length + diagnostics.length > 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `terraform validate: ${units.length} stack${units.length === 1 ? "" : "s"}${skipped.length > 0 ? ` (${skipped.length} skipped, above)` : ""}, ${diagnostics.length} diagnostic${diagnostics.length === 1 ? "" : "s"}, ${problems.length} other problem${problems.length === 1 ? "" : "s"}, ${mappings.length} mapping${mappings.length === 1 ? "" : "s"} applied; ${seconds} s\n`,
  );
  if (failed || options.keep) {
    process.stdout.write(`the validated copies are kept in ${work}\n`);
  } else {
    rmSync(work, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
