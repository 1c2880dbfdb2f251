/**
 * Structural validation: walks the YAML syntax tree against the schema (config/schema.ts), so
 * every problem carries the line and column where it was written. Returns the plain value with
 * every invalid part left out, so the cross-key rules can still run on what is valid and the
 * user sees every problem at once.
 */
import {
  Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  Node,
  ParsedNode,
  YAMLMap,
} from "yaml";
import { isObject } from "./merge";
import { redact } from "../plan/secrets";
import type {
  ArraySchema,
  MapSchema,
  ObjectSchema,
  OneOfSchema,
  Schema,
} from "./schema-types";
import { closest, Path } from "./yaml-path";

export interface Issue {
  readonly path: Path;
  /** Offset of the node in the file, for line:column. */
  readonly offset: number;
  readonly message: string;
}

type Value = unknown;

/**
 * A node of the parsed document (its range is where it was written). An alias resolves to a node
 * of the same document, so a parsed one; this checks it rather than saying so.
 */
function isParsed(node: unknown): node is ParsedNode {
  return isNode(node) && Array.isArray(node.range);
}

export class ShapeValidator {
  readonly issues: Issue[] = [];

  constructor(private readonly doc: Document.Parsed) {}

  /** Validates the whole document; undefined when the root is not usable. */
  validate(schema: ObjectSchema): Record<string, unknown> | undefined {
    const root = this.doc.contents;
    if (!root || (isScalar(root) && root.value === null)) {
      this.issues.push({
        path: [],
        offset: 0,
        message: "the catalogue is empty",
      });
      return undefined;
    }
    const value = isNode(root) ? this.walk(root, schema, []) : undefined;
    return isObject(value) ? value : undefined;
  }

  private resolve(node: ParsedNode): ParsedNode {
    let current: ParsedNode | undefined = node;
    for (let hops = 0; current && isAlias(current) && hops < 100; hops++) {
      const target: unknown = current.resolve(this.doc);
      current = isParsed(target) ? target : undefined;
    }
    return current ?? node;
  }

  private fail(node: Node, path: Path, message: string): undefined {
    this.issues.push({ path, offset: node.range?.[0] ?? 0, message });
    return undefined;
  }

  private walk(raw: ParsedNode, schema: Schema, path: Path): Value {
    const node = this.resolve(raw);
    switch (schema.type) {
      case "object":
        return this.object(node, schema, path);
      case "map":
        return this.map(node, schema, path);
      case "array":
        return this.array(node, schema, path);
      case "oneOf":
        return this.oneOf(node, schema, path);
      default:
        return this.scalar(node, schema, path);
    }
  }

  private scalar(
    node: ParsedNode,
    schema: Exclude<
      Schema,
      ObjectSchema | MapSchema | ArraySchema | OneOfSchema
    >,
    path: Path,
  ): Value {
    if (!isScalar(node)) {
      return this.fail(
        node,
        path,
        `must be ${describeType(schema)}, got ${describeNode(node)}`,
      );
    }
    const value = node.value;
    switch (schema.type) {
      case "const":
        if (value !== schema.value)
          return this.fail(
            node,
            path,
            `must be ${JSON.stringify(schema.value)}, got ${show(value)}`,
          );
        return value;
      case "boolean":
        if (typeof value !== "boolean")
          return this.fail(
            node,
            path,
            `must be true or false, got ${show(value)}`,
          );
        return value;
      case "integer":
        if (typeof value !== "number" || !Number.isInteger(value)) {
          return this.fail(
            node,
            path,
            `must be a whole number, got ${show(value)}`,
          );
        }
        if (value < schema.minimum || value > schema.maximum) {
          return this.fail(
            node,
            path,
            `must be between ${schema.minimum} and ${schema.maximum}, got ${value}`,
          );
        }
        return value;
      case "scalar": {
        if (
          typeof value !== "string" &&
          typeof value !== "number" &&
          typeof value !== "boolean"
        ) {
          return this.fail(
            node,
            path,
            `must be a string, number or boolean, got ${show(value)}`,
          );
        }
        // Keep numbers as written (1.10 stays "1.10"), so what reaches AWS is what the user typed.
        const text =
          typeof value === "string" ? value : (node.source ?? String(value));
        if (schema.maxLength !== undefined && text.length > schema.maxLength) {
          return this.fail(
            node,
            path,
            `must be at most ${schema.maxLength} characters, got ${text.length}`,
          );
        }
        return text;
      }
      case "string": {
        // A secret pasted where a reference belongs must not reach CI logs.
        const got = (v: unknown) =>
          schema.sensitive && v !== null ? redact(String(v)) : show(v);
        if (typeof value !== "string")
          return this.fail(node, path, `must be a string, got ${got(value)}`);
        if (schema.enum && !schema.enum.includes(value)) {
          const hint = closest(value, schema.enum);
          return this.fail(
            node,
            path,
            `must be one of ${schema.enum.join(", ")}, got ${got(value)}${hint ? ` (did you mean ${hint}?)` : ""}`,
          );
        }
        if (schema.minLength !== undefined && value.length < schema.minLength) {
          return this.fail(
            node,
            path,
            `must be at least ${schema.minLength} characters, got ${got(value)}`,
          );
        }
        if (schema.maxLength !== undefined && value.length > schema.maxLength) {
          return this.fail(
            node,
            path,
            `must be at most ${schema.maxLength} characters, got ${value.length}`,
          );
        }
        if (schema.pattern && !schema.pattern.test(value)) {
          return this.fail(
            node,
            path,
            `must be ${schema.hint ?? `like ${schema.pattern.source}`}, got ${got(value)}`,
          );
        }
        return value;
      }
      default:
        return unreachable(schema);
    }
  }

  /** The variant written the way the value is (a map, a list or a scalar). */
  private oneOf(node: ParsedNode, schema: OneOfSchema, path: Path): Value {
    const written = isMap(node) ? "map" : isSeq(node) ? "list" : "scalar";
    const variant = schema.variants.find((v) => writtenAs(v) === written);
    if (variant === undefined)
      return this.fail(
        node,
        path,
        `must be ${schema.variants.map(describeType).join(" or ")}, got ${describeNode(node)}`,
      );
    return this.walk(node, variant, path);
  }

  private array(node: ParsedNode, schema: ArraySchema, path: Path): Value {
    if (!isSeq(node))
      return this.fail(node, path, `must be a list, got ${describeNode(node)}`);
    const out: Value[] = [];
    let ok = true;
    const seen = new Map<string, number>();
    node.items.forEach((item, index) => {
      const itemPath = [...path, index];
      const value = this.walk(item, schema.items, itemPath);
      if (value === undefined) {
        ok = false;
        return;
      }
      if (schema.uniqueItems) {
        const key = JSON.stringify(value);
        if (seen.has(key)) {
          ok = false;
          this.fail(
            item,
            itemPath,
            `repeats ${JSON.stringify(value)} (already at [${seen.get(key)}])`,
          );
          return;
        }
        seen.set(key, index);
      }
      out.push(value);
    });
    if (schema.minItems !== undefined && node.items.length < schema.minItems) {
      return this.fail(
        node,
        path,
        `must list at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}, got ${node.items.length}`,
      );
    }
    if (schema.maxItems !== undefined && node.items.length > schema.maxItems) {
      return this.fail(
        node,
        path,
        `must list at most ${schema.maxItems} items, got ${node.items.length}`,
      );
    }
    return ok ? out : undefined;
  }

  private pairs(
    node: YAMLMap.Parsed,
    path: Path,
    keyCheck: (key: string, keyNode: Node) => boolean,
  ): [string, Node, ParsedNode][] {
    const out: [string, Node, ParsedNode][] = [];
    const merged: YAMLMap.Parsed[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      if (
        isScalar(keyNode) &&
        typeof keyNode.value === "symbol" &&
        keyNode.value.description === "<<"
      ) {
        // A YAML merge key (<<: *anchor): its keys count where not written explicitly.
        const value = pair.value ? this.resolve(pair.value) : undefined;
        const sources =
          value && isSeq(value)
            ? value.items.map((item) => this.resolve(item))
            : [value];
        for (const source of sources) {
          if (source && isMap(source)) merged.push(source);
          else
            this.fail(
              pair.value ?? keyNode,
              path,
              "a merge key (<<) must name a map",
            );
        }
        continue;
      }
      if (!isScalar(keyNode) || typeof keyNode.value !== "string") {
        this.fail(
          keyNode ?? node,
          path,
          `keys must be strings, got ${keyNode && isScalar(keyNode) ? show(keyNode.value) : "a complex key"}`,
        );
        continue;
      }
      if (!keyCheck(keyNode.value, keyNode)) continue;
      out.push([keyNode.value, keyNode, pair.value ?? keyNode]);
    }
    for (const source of merged) {
      for (const [key, keyNode, valueNode] of this.pairs(
        source,
        path,
        keyCheck,
      )) {
        if (!out.some(([k]) => k === key)) out.push([key, keyNode, valueNode]);
      }
    }
    return out;
  }

  private map(node: ParsedNode, schema: MapSchema, path: Path): Value {
    if (isScalar(node) && node.value === null) return {};
    if (!isMap(node))
      return this.fail(
        node,
        path,
        `must be a map of name: value, got ${
          schema.sensitive && isScalar(node) && node.value !== null
            ? redact(String(node.value))
            : describeNode(node)
        }`,
      );
    const out: Record<string, Value> = {};
    if (
      schema.maxProperties !== undefined &&
      node.items.length > schema.maxProperties
    ) {
      this.fail(
        node,
        path,
        `must have at most ${schema.maxProperties} entries, got ${node.items.length}`,
      );
    }
    for (const [key, , valueNode] of this.pairs(node, path, (key, keyNode) => {
      if (schema.keyPattern.test(key)) return true;
      // A name that is not one may be a whole NAME=value line ({ DB_PASSWORD=hunter2 }): in a
      // map of secrets or variables it is shown like a value, and left out of the path.
      if (schema.sensitive)
        this.fail(
          keyNode,
          path,
          `names must be ${schema.keyHint}, got ${redact(key)}`,
        );
      else
        this.fail(
          keyNode,
          [...path, key],
          `name must be ${schema.keyHint}, got ${JSON.stringify(key)}`,
        );
      return false;
    })) {
      const value = this.walk(valueNode, schema.values, [...path, key]);
      // A duplicate key is reported by the parser; the first one written is the one checked.
      if (value !== undefined && !(key in out)) out[key] = value;
    }
    return out;
  }

  private object(node: ParsedNode, schema: ObjectSchema, path: Path): Value {
    if (isScalar(node) && node.value === null)
      return this.fail(node, path, "must be a map, got nothing");
    if (!isMap(node))
      return this.fail(node, path, `must be a map, got ${describeNode(node)}`);
    const known = Object.keys(schema.properties);
    const out: Record<string, Value> = {};
    const keyNodes = new Map<string, Node>();
    for (const [key, keyNode, valueNode] of this.pairs(
      node,
      path,
      (key, keyNode) => {
        // Ignored: a place for YAML anchors (x-web: &web {...}), as in Compose files.
        if (schema.extensions && key.startsWith("x-")) return false;
        if (key in schema.properties) return true;
        const hint = closest(key, known);
        this.fail(
          keyNode,
          [...path, key],
          `unknown key${hint ? ` (did you mean ${hint}?)` : ""}; allowed: ${known.join(", ")}`,
        );
        return false;
      },
    )) {
      if (keyNodes.has(key)) continue; // duplicate: reported by the parser
      keyNodes.set(key, keyNode);
      const value = this.walk(valueNode, schema.properties[key], [
        ...path,
        key,
      ]);
      if (value !== undefined) out[key] = value;
    }
    for (const key of schema.required ?? []) {
      if (!keyNodes.has(key)) {
        this.fail(node, path, `missing required key "${key}"`);
      }
    }
    if (schema.exactlyOne) {
      const present = schema.exactlyOne.filter((key) => keyNodes.has(key));
      if (present.length === 0) {
        this.fail(
          node,
          path,
          `needs exactly one of ${orList(schema.exactlyOne)}`,
        );
      } else if (present.length > 1) {
        this.fail(
          keyNodes.get(present[1])!,
          [...path, present[1]],
          `give exactly one of ${orList(schema.exactlyOne)}, not both ${present[0]} and ${present[1]}`,
        );
      }
    }
    for (const [key, needs] of Object.entries(schema.requires ?? {})) {
      if (!keyNodes.has(key)) continue;
      for (const need of needs) {
        if (!keyNodes.has(need)) {
          this.fail(
            keyNodes.get(key)!,
            [...path, key],
            `needs "${need}" beside it`,
          );
        }
      }
    }
    // An object with problems is still returned with its valid parts, so rules that look only at
    // what is present (references, names) can run; rules must not rely on its required keys.
    return out;
  }
}

function orList(keys: readonly string[]): string {
  return keys.length <= 2
    ? keys.join(" or ")
    : `${keys.slice(0, -1).join(", ")} or ${keys[keys.length - 1]}`;
}

function show(value: unknown): string {
  if (value === null) return "nothing";
  if (typeof value === "string") return JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** Every schema type is handled above: a new one is a compile error there. */
function unreachable(schema: never): never {
  throw new Error(`unreachable schema ${JSON.stringify(schema)}`);
}

function describeNode(node: Node): string {
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return show(node.value);
  return "something else";
}

/** How a value of the schema is written in YAML. */
function writtenAs(schema: Schema): "map" | "list" | "scalar" | undefined {
  switch (schema.type) {
    case "object":
    case "map":
      return "map";
    case "array":
      return "list";
    case "oneOf":
      return undefined;
    default:
      return "scalar";
  }
}

function describeType(schema: Schema): string {
  switch (schema.type) {
    case "object":
    case "map":
      return "a map";
    case "array":
      return "a list";
    case "oneOf":
      return schema.variants.map(describeType).join(" or ");
    case "boolean":
      return "true or false";
    case "integer":
      return "a whole number";
    case "const":
      return JSON.stringify(schema.value);
    case "scalar":
      return "a string, number or boolean";
    default:
      return `a ${schema.type}`;
  }
}
