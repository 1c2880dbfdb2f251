/**
 * The JSON Schema (draft-07, what editors' YAML support reads best) generated from the one
 * schema definition in config/schema.ts. `npm run generate` writes it to
 * config/catalogue.schema.json; a test keeps the committed file in sync.
 */
import { ObjectSchema, Schema } from "./schema";

type Json = Record<string, unknown>;

function withCommon(schema: Schema, out: Json): Json {
  return {
    description: schema.description,
    ...out,
    ...(schema.default !== undefined && { default: schema.default }),
  };
}

/**
 * Where the key is written, the keys of its other values are not allowed. Where it is left out
 * nothing is excluded: its value may come from elsewhere (defaults.environment), which a schema
 * of one node cannot see.
 */
function discriminated({
  key,
  keysOf,
}: NonNullable<ObjectSchema["discriminator"]>): Json[] {
  return Object.keys(keysOf).map((value) => ({
    if: { properties: { [key]: { const: value } }, required: [key] },
    then: {
      properties: Object.fromEntries(
        Object.entries(keysOf)
          .filter(([other]) => other !== value)
          .flatMap(([, keys]) => keys)
          .filter((k) => !keysOf[value].includes(k))
          .map((k) => [k, false]),
      ),
    },
  }));
}

/** JSON Schema for one node. */
export function toJsonSchema(schema: Schema): Json {
  switch (schema.type) {
    case "oneOf":
      return withCommon(schema, {
        oneOf: schema.variants.map(toJsonSchema),
      });
    case "string":
      return withCommon(schema, {
        type: "string",
        ...(schema.enum && { enum: [...schema.enum] }),
        ...(schema.pattern && { pattern: schema.pattern.source }),
        ...(schema.minLength !== undefined && { minLength: schema.minLength }),
        ...(schema.maxLength !== undefined && { maxLength: schema.maxLength }),
      });
    case "integer":
      return withCommon(schema, {
        type: "integer",
        minimum: schema.minimum,
        maximum: schema.maximum,
      });
    case "boolean":
      return withCommon(schema, { type: "boolean" });
    case "scalar":
      return withCommon(schema, { type: ["string", "number", "boolean"] });
    case "const":
      return withCommon(schema, { const: schema.value });
    case "array":
      return withCommon(schema, {
        type: "array",
        items: toJsonSchema(schema.items),
        ...(schema.minItems !== undefined && { minItems: schema.minItems }),
        ...(schema.maxItems !== undefined && { maxItems: schema.maxItems }),
        ...(schema.uniqueItems && { uniqueItems: true }),
      });
    case "map":
      return withCommon(schema, {
        type: "object",
        propertyNames: { pattern: schema.keyPattern.source },
        additionalProperties: toJsonSchema(schema.values),
        ...(schema.maxProperties !== undefined && {
          maxProperties: schema.maxProperties,
        }),
      });
    case "object": {
      const dependencies = Object.entries(schema.requires ?? {});
      return withCommon(schema, {
        type: "object",
        properties: Object.fromEntries(
          Object.entries(schema.properties).map(([key, value]) => [
            key,
            toJsonSchema(value),
          ]),
        ),
        additionalProperties: false,
        ...(schema.extensions && { patternProperties: { "^x-": {} } }),
        ...(schema.required && { required: [...schema.required] }),
        ...(schema.exactlyOne && {
          oneOf: schema.exactlyOne.map((key) => ({ required: [key] })),
        }),
        ...(dependencies.length > 0 && {
          dependencies: Object.fromEntries(
            dependencies.map(([k, v]) => [k, [...v]]),
          ),
        }),
        ...(schema.discriminator && {
          allOf: discriminated(schema.discriminator),
        }),
      });
    }
  }
}

/** The whole catalogue's schema document. */
export function catalogueJsonSchema(root: Schema): Json {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "Delivery service catalogue, version 1",
    ...toJsonSchema(root),
  };
}
