import { readFileSync } from "fs";
import { loadCatalogue, CatalogueError } from "../config/load-catalogue";
const f = process.argv[2];
try {
  loadCatalogue(readFileSync(f, "utf8"), f.split("/").pop()!);
  console.log("valid");
} catch (e) {
  if (e instanceof CatalogueError)
    console.log(JSON.stringify(e.problems, null, 2));
  else throw e;
}
