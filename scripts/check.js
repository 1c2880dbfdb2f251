#!/usr/bin/env node
/**
 * `npm run check`: checks YOUR catalogue (config/services.yaml, or SERVICE_CATALOGUE) with
 * everything the project can verify offline, without writing into cdktf.out:
 *   1. load and validate it, and synthesize every stack into a temporary directory
 *      (scripts/synth.js, the same app `cdktf synth` runs);
 *   2. compare the stacks with the previous output (CDKTF_OUTDIR, default cdktf.out, or
 *      DELIVERY_COMPARE_WITH) and list every stateful resource the edit would replace, destroy
 *      or orphan; a failure with DELIVERY_FAIL_ON_REPLACE=1.
 * Further offline checks of the synthesized stacks are steps of CHECKS below, run in order on
 * the temporary output directory; the first that fails stops the check with exit 1.
 */
"use strict";
const { spawnSync } = require("child_process");
const { mkdtempSync, readdirSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const path = require("path");

const root = path.join(__dirname, "..");

/**
 * The checks, in order: each takes the temporary output directory and returns true when it
 * passes (having printed why not otherwise).
 * HOOK: checks of the synthesized stacks (e.g. `terraform validate` of each
 * `<outdir>/stacks/<stack>`) are added after "synthesize".
 */
const CHECKS = [
  {
    name: "synthesize",
    run(outdir) {
      const result = spawnSync(
        process.execPath,
        [path.join(__dirname, "synth.js")],
        {
          env: {
            ...process.env,
            CDKTF_OUTDIR: outdir,
            DELIVERY_COMPARE_WITH:
              process.env.DELIVERY_COMPARE_WITH ??
              process.env.CDKTF_OUTDIR ??
              "cdktf.out",
          },
          stdio: "inherit",
        },
      );
      return result.status === 0;
    },
  },
];

const catalogue =
  process.env.SERVICE_CATALOGUE ??
  path.relative(process.cwd(), path.join(root, "config", "services.yaml"));
const outdir = mkdtempSync(path.join(tmpdir(), "delivery-check-"));
let failed;
try {
  failed = CHECKS.find((check) => !check.run(outdir));
  if (!failed)
    process.stdout.write(
      `${catalogue}: ${readdirSync(path.join(outdir, "stacks")).length} stacks synthesized; passed: ${CHECKS.map((c) => c.name).join(", ")}.\n`,
    );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
if (failed) {
  process.stderr.write(`${catalogue}: the check failed at "${failed.name}".\n`);
  process.exitCode = 1;
}
