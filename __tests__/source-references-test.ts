/**
 * Comments point at other files of the project by path ("rendered by constructs/<name>.ts"): every such
 * path names a file that exists, so a rename or a wrong name in a comment fails here instead of
 * sending a reader to nothing. Paths with a placeholder (`config/rules/<id>.ts`) are patterns, not
 * files, and are left alone.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const FOLDERS = [
  "config",
  "plan",
  "constructs",
  "targets",
  "sources",
  "scripts",
  "__tests__",
];
const REFERENCE =
  /\b(?:config|plan|constructs|targets|sources|scripts|__tests__)\/[A-Za-z0-9_./<>-]+\.ts\b/g;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), {
    recursive: true,
    withFileTypes: true,
  })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)));
}

test("every project file a TypeScript source names exists", () => {
  const missing: string[] = [];
  for (const file of ["main.ts", ...FOLDERS.flatMap(sources)]) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    for (const [reference] of text.matchAll(REFERENCE)) {
      if (reference.includes("<")) continue;
      if (!existsSync(path.join(ROOT, reference)))
        missing.push(`${file}: ${reference}`);
    }
  }
  expect(missing).toEqual([]);
});
