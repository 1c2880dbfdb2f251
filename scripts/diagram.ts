/**
 * Prints the Mermaid picture of a service's pipeline:
 *   npm run diagram -- <service>          (the catalogue of SERVICE_CATALOGUE or config/services.yaml)
 */
import { readFileSync } from "fs";
import * as path from "path";
import { CatalogueError, loadCatalogue } from "../config/load-catalogue";
import { pipelineDiagram } from "../plan/pipeline-diagram";

const file =
  process.env.SERVICE_CATALOGUE ??
  path.join(__dirname, "..", "config", "services.yaml");
try {
  const catalogue = loadCatalogue(readFileSync(file, "utf8"), file);
  const service =
    process.argv[2] ?? catalogue.services.find((s) => !s.retired)?.name;
  if (!service) throw new Error("the catalogue has no live services");
  process.stdout.write(`${pipelineDiagram(catalogue, service)}\n`);
} catch (error) {
  process.stderr.write(
    `${error instanceof CatalogueError ? error.problems.join("\n") : (error as Error).message}\n`,
  );
  process.exitCode = 1;
}
