/**
 * npm run bench [-- --sizes 100,1000,2000 --runs 3 --baseline-runs 3 --baseline-max 100
 *                   --before <git ref> --identity 500,2000 --no-baseline --paths direct,cdktf]
 *
 * Synthesizes generated catalogues (bench/catalogue.ts) through both paths users take,
 * `npm run synth:direct` and `npx cdktf synth`, side by side in the same run with
 *  - the baseline (bench/baseline: the cdktf template's app, root provider import,
 *    `npx ts-node main.ts`), at the sizes up to --baseline-max (it needs ~1.5 GB and ~10 s at 100
 *    services and grows ~20 ms per service: 1000 services would take ~40 minutes for one row);
 *  - with --before <git ref>: this project as it was at that commit (exported with `git archive`
 *    into a temporary directory sharing this node_modules), for "before and after" in one run;
 *  - a 100-service catalogue with `terraform.cloud` (the same services), when 100 is a size.
 * Runs are interleaved, after one warm-up run of each variant; figures are medians: wall time, and
 * the peak resident memory of the largest process (getrusage of the children, measured by
 * python3, which every machine here has). Then it checks that the fast synth's output (batched,
 * direct resolution) is byte-identical to plain cdktf's at the --identity sizes, and the targets.
 */
import { execFileSync } from "child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "fs";
import { cpus, tmpdir, totalmem } from "os";
import * as path from "path";
import { benchCatalogue } from "../bench/catalogue";
import { loadCatalogue } from "../config/load-catalogue";
import { synthesize } from "../constructs/delivery-app";

const ROOT = path.join(__dirname, "..");
const BASELINE = path.join(ROOT, "bench", "baseline");
const TFC = "tfc";

interface Options {
  sizes: number[];
  runs: number;
  baselineRuns: number;
  baselineMax: number;
  baseline: boolean;
  before?: string;
  identity: number[];
  paths: Path[];
}

function options(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (text: string) => text.split(",").filter(Boolean).map(Number);
  return {
    sizes: list(value("--sizes") ?? "100,1000,2000"),
    runs: Number(value("--runs") ?? 3),
    baselineRuns: Number(value("--baseline-runs") ?? 3),
    baselineMax: Number(value("--baseline-max") ?? 100),
    baseline: !argv.includes("--no-baseline"),
    before: value("--before"),
    identity: list(value("--identity") ?? "500,2000"),
    paths: (value("--paths") ?? "direct,cdktf")
      .split(",")
      .filter((p): p is Path => p === "direct" || p === "cdktf"),
  };
}

interface Measure {
  seconds: number;
  peakMb: number;
  /** CPU time of the process tree (user + system): less sensitive to a busy machine. */
  cpu: number;
}

const MEASURE = `
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, code)
`;

function measure(
  cwd: string,
  command: string[],
  env: Record<string, string>,
): Measure {
  const out = execFileSync("python3", ["-c", MEASURE, cwd, ...command], {
    env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true", ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const [seconds, kb, cpu, code] = out.trim().split(/\s+/).map(Number);
  if (code !== 0)
    throw new Error(`${command.join(" ")} (in ${cwd}) exited ${code}`);
  return { seconds, peakMb: kb / 1024, cpu };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

type App = "project" | "before" | "baseline";
type Path = "direct" | "cdktf";

interface Variant {
  app: App;
  path: Path;
  cwd: string;
  command: string[];
  stacks: (services: number) => number;
}

function variants(opts: Options, beforeDir: string | undefined): Variant[] {
  const project = (app: App, cwd: string): Variant[] => [
    {
      app,
      path: "direct",
      cwd,
      command: ["npm", "run", "--silent", "synth:direct"],
      stacks: (n) => n + 1,
    },
    {
      app,
      path: "cdktf",
      cwd,
      command: ["npx", "cdktf", "synth"],
      stacks: (n) => n + 1,
    },
  ];
  const all: Variant[] = [
    ...project("project", ROOT),
    ...(beforeDir ? project("before", beforeDir) : []),
    ...(opts.baseline
      ? ([
          {
            app: "baseline",
            path: "direct",
            cwd: BASELINE,
            command: ["npx", "ts-node", "main.ts"],
            stacks: (n) => n,
          },
          {
            app: "baseline",
            path: "cdktf",
            cwd: BASELINE,
            command: ["npx", "cdktf", "synth"],
            stacks: (n) => n,
          },
        ] as Variant[])
      : []),
  ];
  return all.filter((v) => opts.paths.includes(v.path));
}

/** This project at a git ref, in a temporary directory that shares this node_modules. */
function checkout(ref: string, work: string): string {
  const dir = path.join(work, "before");
  mkdirSync(dir);
  execFileSync("sh", ["-c", `git archive "$0" | tar -x -C "$1"`, ref, dir], {
    cwd: ROOT,
  });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/** Every file under a directory, by relative path. */
function files(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((name) => {
    const child = path.join(rel, name);
    return statSync(path.join(dir, child)).isDirectory()
      ? files(dir, child)
      : [child];
  });
}

/**
 * The fast synth (batches of 50 stacks, their tokens released; plain data resolved directly)
 * against plain cdktf (one app.synth(), cdktf's resolver), byte for byte, manifest included.
 */
function identical(size: number, work: string): boolean {
  const catalogue = loadCatalogue(benchCatalogue(size), `bench-${size}.yaml`);
  const statePath = (stack: string) => `../../../terraform.${stack}.tfstate`;
  const fast = path.join(work, `identity-fast-${size}`);
  const plain = path.join(work, `identity-plain-${size}`);
  synthesize(catalogue, { outdir: fast, statePath });
  synthesize(catalogue, { outdir: plain, statePath, fast: false });
  const names = files(fast).sort();
  const same =
    names.length === size + 2 && // the stacks and manifest.json
    JSON.stringify(names) === JSON.stringify(files(plain).sort()) &&
    names.every((name) =>
      readFileSync(path.join(fast, name)).equals(
        readFileSync(path.join(plain, name)),
      ),
    );
  rmSync(fast, { recursive: true, force: true });
  rmSync(plain, { recursive: true, force: true });
  return same;
}

/** A size is a number of services; "tfc" is 100 services with terraform.cloud. */
type Size = number | typeof TFC;

function catalogueText(size: Size): string {
  if (size !== TFC) return benchCatalogue(size);
  return benchCatalogue(100).replace(
    "region: eu-west-1\n",
    "region: eu-west-1\nterraform:\n  cloud: { organization: bench, workspacePrefix: bench- }\n",
  );
}

type Results = Map<string, Measure[]>;
const key = (app: App, path: Path, size: Size) => `${app} ${path} ${size}`;

function main(): void {
  const opts = options(process.argv.slice(2));
  const work = mkdtempSync(path.join(tmpdir(), "bench-"));
  const results: Results = new Map();
  const identity: [number, boolean][] = [];
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  try {
    const beforeDir = opts.before ? checkout(opts.before, work) : undefined;
    const all = variants(opts, beforeDir);
    const warmed = new Set<Variant>();
    for (const services of opts.sizes) {
      // The terraform.cloud catalogue runs with the 100-service rows, interleaved, so that both see
      // the same machine: the check compares them.
      const jobs: { variant: Variant; size: Size; catalogue: string }[] = [];
      const sizes: Size[] = services === 100 ? [100, TFC] : [services];
      for (const size of sizes) {
        const catalogue = path.join(work, `catalogue-${size}.yaml`);
        writeFileSync(catalogue, catalogueText(size));
        for (const variant of all)
          if (
            variant.app === "baseline"
              ? size !== TFC && services <= opts.baselineMax
              : size !== TFC || variant.path === "direct"
          )
            jobs.push({ variant, size, catalogue });
      }
      const runs = Math.max(opts.runs, opts.baselineRuns);
      for (let run = -1; run < runs; run++) {
        for (const { variant, size, catalogue } of jobs) {
          if (run < 0 && warmed.has(variant)) continue;
          if (
            run >= (variant.app === "baseline" ? opts.baselineRuns : opts.runs)
          )
            continue;
          const outdir = path.join(work, "out");
          rmSync(outdir, { recursive: true, force: true });
          mkdirSync(outdir);
          // cdktf synth takes --output; the direct paths read CDKTF_OUTDIR.
          const command =
            variant.path === "cdktf"
              ? [...variant.command, "--output", outdir]
              : variant.command;
          const result = measure(variant.cwd, command, {
            SERVICE_CATALOGUE: catalogue,
            CDKTF_OUTDIR: outdir,
          });
          const stacks = readdirSync(path.join(outdir, "stacks")).length;
          if (stacks !== variant.stacks(services))
            throw new Error(
              `${variant.app} ${variant.path} wrote ${stacks} stacks for ${services} services`,
            );
          if (run < 0) {
            warmed.add(variant); // warm-up: compile caches, disk cache
            continue;
          }
          const k = key(variant.app, variant.path, size);
          results.set(k, [...(results.get(k) ?? []), result]);
          process.stderr.write(
            `  ${k}: ${result.seconds.toFixed(2)} s (cpu ${result.cpu.toFixed(2)} s), ${result.peakMb.toFixed(0)} MB\n`,
          );
        }
      }
    }
    for (const size of opts.identity) {
      identity.push([size, identical(size, work)]);
      process.stderr.write(`  identity at ${size} services done\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  report(opts, results, identity);
}

function report(
  opts: Options,
  results: Results,
  identity: [number, boolean][],
): void {
  const stat = (app: App, p: Path, size: Size) => {
    const runs = results.get(key(app, p, size));
    return runs
      ? {
          seconds: median(runs.map((r) => r.seconds)),
          peakMb: median(runs.map((r) => r.peakMb)),
          cpu: median(runs.map((r) => r.cpu)),
        }
      : undefined;
  };
  const s = (m?: Measure) =>
    m ? `${m.seconds.toFixed(2)} s (cpu ${m.cpu.toFixed(2)})` : "–";
  const mb = (m?: Measure) => (m ? `${m.peakMb.toFixed(0)} MB` : "–");
  const ratio = (a?: Measure, b?: Measure) =>
    a && b ? `${(a.seconds / b.seconds).toFixed(2)}×` : "–";
  const lines = [
    "",
    `| services | path | this project | peak memory | before${opts.before ? ` (${opts.before})` : ""} | before: peak | now / before | baseline | baseline: peak | baseline / now |`,
    `| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  const label: Record<Path, string> = {
    direct: "`npm run synth:direct` (baseline: `npx ts-node main.ts`)",
    cdktf: "`npx cdktf synth`",
  };
  const sizes: Size[] = [
    ...opts.sizes,
    ...(opts.sizes.includes(100) ? [TFC as Size] : []),
  ];
  for (const size of sizes) {
    for (const p of ["direct", "cdktf"] as Path[]) {
      const now = stat("project", p, size);
      if (!now) continue;
      const before = stat("before", p, size);
      const baseline = stat("baseline", p, size);
      lines.push(
        `| ${size === TFC ? "100, `terraform.cloud`" : size} | ${label[p]} | ${s(now)} | ${mb(now)} | ${s(before)} | ${mb(before)} | ${ratio(now, before)} | ${s(baseline)} | ${mb(baseline)} | ${ratio(baseline, now)} |`,
      );
    }
  }
  console.log(lines.join("\n"));
  console.log(
    `\nwall time (cpu: user + system of the process tree), medians of ${opts.runs} runs (${opts.baselineRuns} for the baseline, at up to ${opts.baselineMax} services), interleaved, after one warm-up run of each variant`,
  );
  const cdktfOverhead = sizes
    .filter((size) => size !== TFC)
    .map((size) => {
      const d = stat("project", "direct", size);
      const c = stat("project", "cdktf", size);
      return d && c ? `${(c.seconds - d.seconds).toFixed(2)} s at ${size}` : "";
    })
    .filter(Boolean);
  if (cdktfOverhead.length > 0)
    console.log(
      `\`npx cdktf synth\` over the direct path (the CLI's own start-up and bookkeeping): ${cdktfOverhead.join(", ")}`,
    );

  const checks: [string, boolean][] = [];
  for (const [size, same] of identity)
    checks.push([
      `${size} services: the fast synth's output is byte-identical to plain cdktf's`,
      same,
    ]);
  const d = (size: Size) => stat("project", "direct", size);
  const d100 = d(100);
  const b100 = stat("baseline", "direct", 100);
  if (d100 && b100)
    checks.push([
      `100 services: at least 15× the baseline (${(b100.seconds / d100.seconds).toFixed(1)}×; cpu ${(b100.cpu / d100.cpu).toFixed(1)}×)`,
      b100.seconds / d100.seconds >= 15,
    ]);
  if (d100)
    checks.push([
      `100 services: peak at most 150 MB (${d100.peakMb.toFixed(0)} MB)`,
      d100.peakMb <= 150,
    ]);
  const tfc = d(TFC);
  if (d100 && tfc)
    checks.push([
      `100 services with terraform.cloud: within 10 % of the same without it (${((tfc.seconds / d100.seconds - 1) * 100).toFixed(0)} %; cpu ${((tfc.cpu / d100.cpu - 1) * 100).toFixed(0)} %)`,
      tfc.seconds <= 1.1 * d100.seconds,
    ]);
  const d1000 = d(1000);
  const before1000 = stat("before", "direct", 1000);
  if (d1000 && before1000)
    checks.push([
      `1000 services: at most 0.5× the time before (${(d1000.seconds / before1000.seconds).toFixed(2)}×; cpu ${(d1000.cpu / before1000.cpu).toFixed(2)}×)`,
      d1000.seconds <= 0.5 * before1000.seconds,
    ]);
  const d2000 = d(2000);
  if (d2000)
    checks.push([
      `2000 services: peak at most 250 MB (${d2000.peakMb.toFixed(0)} MB)`,
      d2000.peakMb <= 250,
    ]);
  for (const [text, ok] of checks)
    console.log(`${ok ? "PASS" : "FAIL"} ${text}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

main();
