/**
 * Writes what is generated from the schema definition: config/catalogue.schema.json and the
 * README's catalogue reference. Run after changing config/schema.ts: `npm run generate`.
 */
import { readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { catalogueJsonSchema } from "../config/json-schema";
import { catalogueReference, REFERENCE_END, REFERENCE_START } from "../config/reference";
import { CATALOGUE_SCHEMA } from "../config/schema";

const root = path.join(__dirname, "..");
writeFileSync(path.join(root, "config", "catalogue.schema.json"), `${JSON.stringify(catalogueJsonSchema(CATALOGUE_SCHEMA), null, 2)}\n`);

const readmePath = path.join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const start = readme.indexOf(REFERENCE_START);
const end = readme.indexOf(REFERENCE_END);
if (start < 0 || end < 0) throw new Error("README.md lacks the catalogue reference markers");
writeFileSync(readmePath, readme.slice(0, start) + catalogueReference(CATALOGUE_SCHEMA) + readme.slice(end + REFERENCE_END.length));
