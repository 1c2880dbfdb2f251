/**
 * npm run bench [-- --sizes 10,100,500 --runs 5 --baseline-runs 3 --no-baseline]
 *
 * Synthesizes generated catalogues (bench/catalogue.ts) through both paths users take,
 * `npm run synth:direct` and `npx cdktf synth`, side by side in the same run with the baseline
 * (bench/baseline: the cdktf template's app, root provider import, `npx ts-node main.ts`).
 * Runs are interleaved; figures are medians: wall time, and the peak resident memory of the
 * largest process (getrusage of the children, measured by python3, which every machine here has).
 */
import { execFileSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "fs";
import { cpus, tmpdir, totalmem } from "os";
import * as path from "path";
import { benchCatalogue } from "../bench/catalogue";

const ROOT = path.join(__dirname, "..");
const BASELINE = path.join(ROOT, "bench", "baseline");

interface Options {
  sizes: number[];
  runs: number;
  baselineRuns: number;
  baseline: boolean;
}

function options(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value("--sizes") ?? "10,100,500").split(",").map(Number),
    runs: Number(value("--runs") ?? 5),
    baselineRuns: Number(value("--baseline-runs") ?? 3),
    baseline: !argv.includes("--no-baseline"),
  };
}

interface Measure {
  seconds: number;
  peakMb: number;
}

const MEASURE = `
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:], cwd=sys.argv[1], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
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
  const [seconds, kb, code] = out.trim().split(/\s+/).map(Number);
  if (code !== 0)
    throw new Error(`${command.join(" ")} (in ${cwd}) exited ${code}`);
  return { seconds, peakMb: kb / 1024 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Variant {
  name: string;
  path: "direct" | "cdktf";
  app: "project" | "baseline";
  cwd: string;
  command: string[];
  stacks: (services: number) => number;
}

const VARIANTS: Variant[] = [
  {
    name: "project, npm run synth:direct",
    path: "direct",
    app: "project",
    cwd: ROOT,
    command: ["npm", "run", "--silent", "synth:direct"],
    stacks: (n) => n + 1,
  },
  {
    name: "project, npx cdktf synth",
    path: "cdktf",
    app: "project",
    cwd: ROOT,
    command: ["npx", "cdktf", "synth"],
    stacks: (n) => n + 1,
  },
  {
    name: "baseline, npx ts-node main.ts",
    path: "direct",
    app: "baseline",
    cwd: BASELINE,
    command: ["npx", "ts-node", "main.ts"],
    stacks: (n) => n,
  },
  {
    name: "baseline, npx cdktf synth",
    path: "cdktf",
    app: "baseline",
    cwd: BASELINE,
    command: ["npx", "cdktf", "synth"],
    stacks: (n) => n,
  },
];

function main(): void {
  const opts = options(process.argv.slice(2));
  const work = mkdtempSync(path.join(tmpdir(), "bench-"));
  const variants = VARIANTS.filter((v) => opts.baseline || v.app === "project");
  const results: Record<string, Record<number, Measure[]>> = {};
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
  );
  try {
    for (const size of opts.sizes) {
      const catalogue = path.join(work, `catalogue-${size}.yaml`);
      writeFileSync(catalogue, benchCatalogue(size));
      const runs = Math.max(opts.runs, opts.baselineRuns);
      for (let run = -1; run < runs; run++) {
        for (const variant of variants) {
          if (
            run >= (variant.app === "project" ? opts.runs : opts.baselineRuns)
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
          if (stacks !== variant.stacks(size))
            throw new Error(
              `${variant.name} wrote ${stacks} stacks for ${size} services`,
            );
          if (run < 0) continue; // warm-up: compile caches, disk cache
          ((results[variant.name] ??= {})[size] ??= []).push(result);
          process.stderr.write(
            `  ${size} services, ${variant.name}: ${result.seconds.toFixed(2)} s, ${result.peakMb.toFixed(0)} MB\n`,
          );
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  report(opts, results);
}

function report(
  opts: Options,
  results: Record<string, Record<number, Measure[]>>,
): void {
  const stat = (variant: string, size: number) => {
    const runs = results[variant]?.[size];
    return runs
      ? {
          seconds: median(runs.map((r) => r.seconds)),
          peakMb: median(runs.map((r) => r.peakMb)),
          n: runs.length,
        }
      : undefined;
  };
  const lines = [
    "",
    `| services | path | project: wall (median) | project: peak memory | baseline: wall (median) | baseline: peak memory | project is faster by |`,
    `| ---: | --- | ---: | ---: | ---: | ---: | ---: |`,
  ];
  for (const size of opts.sizes) {
    for (const [label, project, baseline] of [
      [
        "`npm run synth:direct` vs `npx ts-node main.ts`",
        "project, npm run synth:direct",
        "baseline, npx ts-node main.ts",
      ],
      [
        "`npx cdktf synth`",
        "project, npx cdktf synth",
        "baseline, npx cdktf synth",
      ],
    ]) {
      const p = stat(project, size)!;
      const b = stat(baseline, size);
      lines.push(
        `| ${size} | ${label} | ${p.seconds.toFixed(2)} s | ${p.peakMb.toFixed(0)} MB | ${b ? `${b.seconds.toFixed(2)} s` : "–"} | ${b ? `${b.peakMb.toFixed(0)} MB` : "–"} | ${b ? `${(b.seconds / p.seconds).toFixed(1)}×` : "–"} |`,
      );
    }
  }
  console.log(lines.join("\n"));
  console.log(
    `\nmedians of ${opts.runs} runs (project) and ${opts.baselineRuns} runs (baseline), interleaved, after one warm-up run each`,
  );

  const checks: [string, boolean][] = [];
  const direct = (size: number) => stat("project, npm run synth:direct", size);
  const d100 = direct(100);
  if (d100) {
    checks.push([
      `100 services through the direct path in under 2 s (${d100.seconds.toFixed(2)} s)`,
      d100.seconds < 2,
    ]);
    checks.push([
      `... and under 300 MB peak (${d100.peakMb.toFixed(0)} MB)`,
      d100.peakMb < 300,
    ]);
    const b100 = stat("baseline, npx ts-node main.ts", 100);
    if (b100)
      checks.push([
        `at least 6× faster than the baseline at 100 services (${(b100.seconds / d100.seconds).toFixed(1)}×)`,
        b100.seconds / d100.seconds >= 6,
      ]);
    const d500 = direct(500);
    if (d500)
      checks.push([
        `linear from 100 to 500 services: 500 ≤ 5.5 × the 100 figure (${(d500.seconds / d100.seconds).toFixed(2)} ×)`,
        d500.seconds <= 5.5 * d100.seconds,
      ]);
  }
  for (const [text, ok] of checks)
    console.log(`${ok ? "PASS" : "FAIL"} ${text}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}

main();
