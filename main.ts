/**
 * The app: load the catalogue -> build the stacks -> synthesize. The only place that reads files
 * or environment variables.
 *   SERVICE_CATALOGUE  the catalogue (default: config/services.yaml of this project)
 *   CDKTF_OUTDIR       where stacks are written (set by `cdktf synth`; default: cdktf.out)
 */
import { existsSync, readFileSync, rmSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "./config/load-catalogue";
import { synthesize } from "./constructs/delivery-app";

/** The project root: here when run as TypeScript, one up when run compiled into dist/. */
const ROOT = existsSync(path.join(__dirname, "cdktf.json"))
  ? __dirname
  : path.dirname(__dirname);

function main(): number {
  const given = process.env.SERVICE_CATALOGUE;
  const file = given
    ? path.resolve(given)
    : path.join(ROOT, "config", "services.yaml");
  const shown = given ?? path.relative(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    process.stderr.write(
      `${shown}: cannot read the catalogue: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 1;
  }
  let catalogue;
  try {
    catalogue = loadCatalogue(text, shown);
  } catch (error) {
    if (!(error instanceof CatalogueError)) throw error;
    process.stderr.write(
      `${error.problems.join("\n")}\n${error.problems.length} problem${error.problems.length === 1 ? "" : "s"} in ${shown}; nothing was written.\n`,
    );
    return 1;
  }
  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  // Stacks of services no longer in the catalogue must not linger (as `cdktf synth` also does);
  // only now, after the catalogue has proved valid.
  rmSync(path.join(outdir, "stacks"), { recursive: true, force: true });
  // Local state lives in the working directory (the project root, beside cdktf.json, when run
  // as the README says), not in the regenerated output.
  const stateDir = process.cwd();
  synthesize(catalogue, {
    outdir,
    statePath: (stack) =>
      path.relative(
        path.join(outdir, "stacks", stack),
        path.join(stateDir, `terraform.${stack}.tfstate`),
      ),
  });
  return 0;
}

process.exitCode = main();
