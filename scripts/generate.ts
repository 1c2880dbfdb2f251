/**
 * Writes what is generated: config/catalogue.schema.json and the README's catalogue reference
 * (from config/schema.ts), the README's list of catalogue rules (from config/rules/), and the
 * README's pipeline picture (from the tests' example catalogue,
 * __tests__/fixtures/valid/example.yaml, never the user's config/services.yaml). Run after
 * changing either: `npm run generate`.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { catalogueJsonSchema } from "../config/json-schema";
import { loadCatalogue } from "../config/load-catalogue";
import {
  DIAGRAM_SERVICES,
  diagramMarkers,
  readmeDiagram,
} from "../plan/pipeline-diagram";
import {
  catalogueReference,
  REFERENCE_END,
  REFERENCE_START,
  RULES_END,
  RULES_START,
  rulesReference,
} from "../config/reference";
import { ALL_RULES } from "../config/rules";
import { CATALOGUE_SCHEMA } from "../config/schema";

const root = path.join(__dirname, "..");
writeFileSync(
  path.join(root, "config", "catalogue.schema.json"),
  `${JSON.stringify(catalogueJsonSchema(CATALOGUE_SCHEMA), null, 2)}\n`,
);

/** Replaces the text between two markers (markers included). */
function replaceSection(
  text: string,
  startMarker: string,
  endMarker: string,
  section: string,
): string {
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start < 0 || end < 0)
    throw new Error(
      `README.md lacks the markers ${startMarker} ... ${endMarker}`,
    );
  return text.slice(0, start) + section + text.slice(end + endMarker.length);
}

const readmePath = path.join(root, "README.md");
const EXAMPLE = "__tests__/fixtures/valid/example.yaml";
const example = loadCatalogue(
  readFileSync(path.join(root, EXAMPLE), "utf8"),
  EXAMPLE,
);
let readme = readFileSync(readmePath, "utf8");
readme = replaceSection(
  readme,
  REFERENCE_START,
  REFERENCE_END,
  catalogueReference(CATALOGUE_SCHEMA),
);
readme = replaceSection(
  readme,
  RULES_START,
  RULES_END,
  rulesReference(ALL_RULES),
);
for (const service of DIAGRAM_SERVICES) {
  const { start, end } = diagramMarkers(service);
  readme = replaceSection(readme, start, end, readmeDiagram(example, service));
}
writeFileSync(readmePath, readme);
