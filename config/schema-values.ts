/**
 * The two generic operations on a validated value, driven by its schema (./schema-types):
 * `conforms` (a type guard: the value has the type the schema describes) and `applyDefaults`
 * (every `default` of the schema filled in). The loader and the targets normalize with them
 * instead of casting, so a key added to a schema shows up in the types at once.
 */
import { isObject } from "./merge";
import type { Defaulted, Infer, Schema } from "./schema-types";

function matches(schema: Schema, value: unknown): boolean {
  switch (schema.type) {
    // Variants are told apart by how the value is written (a scalar, a map or a list).
    case "oneOf":
      return schema.variants.some((variant) => matches(variant, value));
    case "string":
      return (
        typeof value === "string" &&
        (schema.enum === undefined || schema.enum.includes(value))
      );
    // The shape validator returns variables' values as strings (as written).
    case "scalar":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "const":
      return value === schema.value;
    case "array":
      return (
        Array.isArray(value) &&
        value.every((item: unknown) => matches(schema.items, item))
      );
    case "map":
      return (
        isObject(value) &&
        Object.values(value).every((item) => matches(schema.values, item))
      );
    case "object":
      return (
        isObject(value) &&
        Object.entries(value).every(
          ([key, item]) =>
            item === undefined ||
            (Object.hasOwn(schema.properties, key) &&
              matches(schema.properties[key], item)),
        ) &&
        (schema.required ?? []).every((key) => value[key] !== undefined)
      );
  }
}

/**
 * Whether `value` has the type `schema` describes (types, enums, constants, required keys; not
 * patterns or ranges, which no type expresses). True of every value the shape validator passed
 * without a problem; the loader checks it instead of casting. A key set to undefined counts as
 * left out.
 */
export function conforms<S extends Schema>(
  schema: S,
  value: unknown,
): value is Infer<S> {
  return matches(schema, value);
}

/** What a left-out value of `schema` becomes (see Filled in ./schema-types). */
function absent(schema: Schema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.type === "map") return {};
  if (
    schema.type === "object" &&
    schema.absentMeansNone !== true &&
    (schema.required ?? []).length === 0 &&
    schema.exactlyOne === undefined
  )
    return fill(schema, {});
  return undefined;
}

function fill(schema: Schema, value: unknown): unknown {
  if (value === undefined) return absent(schema);
  switch (schema.type) {
    case "object": {
      const given = isObject(value) ? value : {};
      const out: Record<string, unknown> = {};
      // In the schema's order, whatever the order written (output never depends on it).
      for (const [key, property] of Object.entries(schema.properties)) {
        const filled = fill(property, given[key]);
        if (filled !== undefined) out[key] = filled;
      }
      return out;
    }
    case "map":
      return isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([key, item]) => [
              key,
              fill(schema.values, item),
            ]),
          )
        : value;
    case "array":
      return Array.isArray(value)
        ? value.map((item: unknown) => fill(schema.items, item))
        : value;
    case "oneOf": {
      const variant = schema.variants.find((v) => matches(v, value));
      return variant === undefined ? value : fill(variant, value);
    }
    default:
      return value;
  }
}

/**
 * `value` with every default of `schema` filled in: a left-out key with a `default` gets it, a
 * left-out map is empty, a left-out object without required keys gets its own defaults. Keys
 * come in the schema's order.
 */
export function applyDefaults<S extends Schema>(
  schema: S,
  value: Infer<S>,
): Defaulted<S>;
// The signature above says of one schema what fill() does at run time over any schema.
export function applyDefaults(schema: Schema, value: unknown): unknown {
  return fill(schema, value);
}
