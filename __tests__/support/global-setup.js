/**
 * jest's globalSetup: builds the app's bundle (dist/main.js and its code cache, see
 * scripts/synth.js) once, before the test files that run the app (support/app.ts) start in
 * parallel workers, by synthesizing a minimal catalogue into a temporary directory. When dist/ is
 * already up to date this is one quick synth. A failure is not reported here: the tests that run
 * the app report it, with the app's own messages.
 */
"use strict";
const { spawnSync } = require("child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("fs");
const { tmpdir } = require("os");
const path = require("path");

module.exports = function buildTheApp() {
  const root = path.join(__dirname, "..", "..");
  const [program, ...args] = JSON.parse(
    readFileSync(path.join(root, "cdktf.json"), "utf8"),
  ).app.split(" ");
  if (program !== "node") return;
  const work = mkdtempSync(path.join(tmpdir(), "jest-app-"));
  try {
    writeFileSync(
      path.join(work, "services.yaml"),
      [
        "version: 1",
        "organisation: acme",
        "region: eu-west-1",
        "services:",
        "  api:",
        "    source: { codecommit: { repository: api, branch: main } }",
        "    environments: { prod: {} }",
        "",
      ].join("\n"),
    );
    spawnSync(
      process.execPath,
      args.map((arg) => path.join(root, arg)),
      {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          SERVICE_CATALOGUE: "services.yaml",
          CDKTF_OUTDIR: "out",
        },
        stdio: "ignore",
      },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};
