/**
 * What is generated from the one schema definition stays in sync: the committed JSON Schema, the
 * README's catalogue reference and pipeline picture, and the example catalogue's schema modeline.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { catalogueJsonSchema } from "../config/json-schema";
import { catalogueReference } from "../config/reference";
import { CATALOGUE_SCHEMA, Schema } from "../config/schema";
import { DIAGRAM_SERVICES, readmeDiagram } from "../plan/pipeline-diagram";
import { EXAMPLE, load } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const REGENERATE = "out of date: run `npm run generate` and commit the result";

describe("generated from the schema definition", () => {
  test(`config/catalogue.schema.json is the generated schema (${REGENERATE})`, () => {
    const committed = JSON.parse(
      readFileSync(path.join(ROOT, "config", "catalogue.schema.json"), "utf8"),
    );
    expect(committed).toEqual(catalogueJsonSchema(CATALOGUE_SCHEMA));
  });

  test(`the README's catalogue reference is the generated one (${REGENERATE})`, () => {
    // Prettier re-pads the table; compare cell by cell.
    const cells = (text: string) =>
      text
        .split("\n")
        .filter((line) => line.startsWith("|") && !/^\|[\s-|]+\|$/.test(line))
        .map((line) => line.split(/(?<!\\)\|/).map((cell) => cell.trim()));
    const start = readme.indexOf("<!-- catalogue-reference:start");
    const end = readme.indexOf("<!-- catalogue-reference:end -->");
    expect(cells(readme.slice(start, end))).toEqual(
      cells(catalogueReference(CATALOGUE_SCHEMA)),
    );
  });

  test.each(DIAGRAM_SERVICES)(
    `the README's pipeline picture of %s is drawn from the bundled catalogue (${REGENERATE})`,
    (service) => {
      expect(readme).toContain(
        readmeDiagram(load(readFileSync(EXAMPLE, "utf8")), service),
      );
    },
  );

  test("every key has a description for the reference and editors", () => {
    const missing: string[] = [];
    const walk = (schema: Schema, name: string) => {
      if (schema.description.trim() === "") missing.push(name);
      if (schema.type === "object") {
        for (const [key, child] of Object.entries(schema.properties))
          walk(child, `${name}.${key}`);
      }
      if (schema.type === "map") walk(schema.values, `${name}.<key>`);
      if (schema.type === "array") walk(schema.items, `${name}[]`);
    };
    walk(CATALOGUE_SCHEMA, "(root)");
    expect(missing).toEqual([]);
  });

  test("the example catalogue points editors at the committed schema", () => {
    const modeline = /^# yaml-language-server: \$schema=(.+)$/.exec(
      readFileSync(EXAMPLE, "utf8").split("\n")[0],
    );
    expect(modeline).not.toBeNull();
    expect(path.resolve(path.dirname(EXAMPLE), modeline![1])).toBe(
      path.join(ROOT, "config", "catalogue.schema.json"),
    );
  });

  test("JSON Schema: unknown keys refused, required keys and enums carried over", () => {
    const schema = catalogueJsonSchema(CATALOGUE_SCHEMA) as Record<
      string,
      never
    >;
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["version", "organisation", "region"]);
    const service = (
      schema.properties as Record<
        string,
        { additionalProperties: Record<string, unknown> }
      >
    ).services.additionalProperties as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(service.required).toEqual(["source"]);
    expect(service.properties.source.oneOf).toEqual([
      { required: ["connection"] },
      { required: ["codecommit"] },
      { required: ["s3"] },
    ]);
    expect(service.properties.port).toEqual({
      description: "The port the container listens on.",
      type: "integer",
      minimum: 1,
      maximum: 65535,
      default: 8080,
    });
  });
});
