#!/usr/bin/env node
/**
 * `npm run check`: checks YOUR catalogue (config/services.yaml, or SERVICE_CATALOGUE) with
 * everything the project can verify offline, without writing into cdktf.out:
 *   1. load and validate it, and synthesize every stack into a temporary directory
 *      (scripts/synth.js, the same app `cdktf synth` runs);
 *   2. compare the stacks with the previous output (CDKTF_OUTDIR, default cdktf.out, or
 *      DELIVERY_COMPARE_WITH) and list every stateful resource the edit would replace, destroy
 *      or orphan; a failure with DELIVERY_FAIL_ON_REPLACE=1.
 *   3. `terraform validate` of every stack (scripts/validate.ts), when terraform is on PATH.
 * The checks are the steps of CHECKS below, run in order on the temporary output directory; the
 * first that fails stops the check with exit 1.
 */
"use strict";
const { spawnSync } = require("child_process");
const { existsSync, mkdtempSync, readdirSync, rmSync } = require("fs");
const { tmpdir } = require("os");
const path = require("path");

const root = path.join(__dirname, "..");

/**
 * The checks, in order: each takes the temporary output directory and returns true when it
 * passes (having printed why not otherwise).
 * After "synthesize": `terraform validate` of every stack with the real AWS provider
 * (scripts/validate.ts; skipped with a loud warning where no terraform is on PATH).
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
  {
    name: "terraform validate",
    /** Why the step is skipped (scripts/validate.ts skips it too, with a loud warning). */
    skipped() {
      const found =
        process.env.TERRAFORM ??
        (process.env.PATH ?? "")
          .split(path.delimiter)
          .filter(Boolean)
          .map((dir) => path.join(dir, "terraform"))
          .find((candidate) => existsSync(candidate));
      return found ? undefined : "no terraform on PATH";
    },
    run(outdir) {
      const result = spawnSync(
        process.execPath,
        [
          require.resolve("tsx/cli"),
          path.join(__dirname, "validate.ts"),
          "--synthesized",
          outdir,
        ],
        { stdio: "inherit" },
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
  const done = [];
  for (const check of CHECKS) {
    const skipped = check.skipped?.();
    if (skipped === undefined && !check.run(outdir)) {
      failed = check;
      break;
    }
    done.push(skipped ? `${check.name} SKIPPED (${skipped})` : check.name);
  }
  if (!failed)
    process.stdout.write(
      `${catalogue}: ${readdirSync(path.join(outdir, "stacks")).length} stacks synthesized; passed: ${done.join(", ")}.\n`,
    );
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
if (failed) {
  process.stderr.write(`${catalogue}: the check failed at "${failed.name}".\n`);
  process.exitCode = 1;
}
