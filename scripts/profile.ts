/**
 * npm run profile [-- <services>]: where synth spends its time. Synthesizes a generated catalogue
 * (bench/catalogue.ts, 100 services by default) under `node --cpu-prof` through the same path as
 * `npm run synth:direct`, then prints the functions with the most time of their own and the
 * inclusive time of the phases that matter (catalogue load, construction, cdktf resolve, writing).
 */
import { execFileSync } from "child_process";
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { benchCatalogue } from "../bench/catalogue";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const services = Number(process.argv[2] ?? 100);
const work = mkdtempSync(path.join(tmpdir(), "profile-"));
try {
  const catalogue = path.join(work, "catalogue.yaml");
  writeFileSync(catalogue, benchCatalogue(services));
  execFileSync(
    process.execPath,
    ["--cpu-prof", `--cpu-prof-dir=${work}`, path.join(__dirname, "synth.js")],
    {
      env: {
        ...process.env,
        SERVICE_CATALOGUE: catalogue,
        CDKTF_OUTDIR: path.join(work, "out"),
      },
      stdio: "inherit",
    },
  );
  const file = readdirSync(work).find((f) => f.endsWith(".cpuprofile"))!;
  const profile = JSON.parse(
    readFileSync(path.join(work, file), "utf8"),
  ) as Profile;

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const own = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    own.set(id, (own.get(id) ?? 0) + profile.timeDeltas[i]),
  );
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(dist|scripts)\//, "$1/")}`;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of own) {
    total += micros;
    self.set(
      label(nodes.get(id)!),
      (self.get(label(nodes.get(id)!)) ?? 0) + micros,
    );
    const seen = new Set<string>();
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const name = nodes.get(at)!.callFrame.functionName;
      if (!seen.has(name))
        inclusive.set(name, (inclusive.get(name) ?? 0) + micros);
      seen.add(name);
    }
  }
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(6)} ms`;
  console.log(
    `\n${services} services: ${ms(total)} sampled\n\nmost time of their own:`,
  );
  for (const [name, micros] of [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15))
    console.log(`${ms(micros)}  ${name}`);
  console.log("\nphases (inclusive):");
  for (const phase of [
    "loadCatalogue",
    "addDeliveryStacks",
    "prepareStack",
    "captureStackTrace",
    "resolve",
    "renderArg",
    "referenceString",
    "toTerraform",
    "stableStringify",
    "synthesize",
    "writeFileSync",
    "publish",
    "(garbage collector)",
  ]) {
    console.log(`${ms(inclusive.get(phase) ?? 0)}  ${phase}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
