/**
 * Test support: run the app as `cdktf synth` runs it, the command of cdktf.json's "app"
 * (`node scripts/synth.js`: main.ts bundled by esbuild into dist/, loaded through a V8 code cache).
 * That is what users run (`npm run synth`, `npm run synth:direct`, `npm run check`), and it starts
 * in a fraction of the time `tsx main.ts` takes. jest's globalSetup (support/global-setup.js)
 * builds the bundle once before any test starts, so the test files that run it in parallel only
 * read dist/.
 */
import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");

/** cdktf.json's "app", as the program and arguments node runs. */
export function appCommand(): string[] {
  const app: string = JSON.parse(
    readFileSync(path.join(ROOT, "cdktf.json"), "utf8"),
  ).app;
  const [program, ...args] = app.split(" ");
  if (program !== "node")
    throw new Error(`cdktf.json's app is not a node script: ${app}`);
  return args.map((arg) => path.join(ROOT, arg));
}

export interface AppResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the app in `cwd` with only PATH, HOME and `env` in its environment (`PATH` in `env`
 * replaces the inherited one).
 */
export function runApp(env: Record<string, string>, cwd: string): AppResult {
  const result = spawnSync(process.execPath, appCommand(), {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
    },
    encoding: "utf8",
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}
