/**
 * The pieces every part of the catalogue is normalized with (the loader's own keys, and a deploy
 * target's environment keys in targets/<kind>/): the type guard that replaces casts, secrets
 * parsed, a network with its defaults. Normalization runs only on a catalogue without problems.
 */
import type { SecretRef } from "./catalogue";
import { parseSecretRef, referenceOf, SecretEntry } from "../plan/secrets";
import type { Defaulted, Infer, Schema } from "./schema-types";
import { applyDefaults, conforms } from "./schema-values";
import { formatPath, Path } from "./yaml-path";

/**
 * A value that passed validation, with its schema's type (conforms checks the types, so no cast is
 * needed); throws if it has not, which is a bug, not a mistake of the catalogue's.
 * @param what where it is, for the message
 */
export function valid<S extends Schema>(
  schema: S,
  value: unknown,
  what: Path,
): Infer<S> {
  if (!conforms(schema, value))
    throw new Error(
      `internal: ${formatPath(what)} passed validation but does not match its schema`,
    );
  return value;
}

/**
 * A validated value with its schema's defaults, typed Defaulted<S>: how every part of the catalogue
 * is normalized before its references are parsed (a target's environment keys too).
 * @param what where it is, for the message should it not match (a bug)
 */
export function withDefaults<S extends Schema>(
  schema: S,
  value: unknown,
  what: Path,
): Defaulted<S> {
  return applyDefaults<S>(schema, valid(schema, value, what));
}

/** Secret references ("ssm:…", "secretsmanager:…") parsed; the catalogue's region checked. */
export function secrets(
  value: Readonly<Record<string, SecretEntry>>,
  region: string,
): Record<string, SecretRef> {
  const out: Record<string, SecretRef> = {};
  for (const [name, entry] of Object.entries(value)) {
    const ref = parseSecretRef(referenceOf(entry) ?? "", region);
    // Refused by the secret-references rule before normalization.
    if (typeof ref === "string") throw new Error(`internal: ${ref}`);
    out[name] =
      typeof entry === "string" ? ref : { ...ref, kmsKey: entry.kmsKey };
  }
  return out;
}

/**
 * A schema's own keys of a value: an environment's merged value may hold keys of another kind
 * inherited from defaults.environment (not this one's to read), and conforms refuses unknown keys.
 */
export function pickOwn(
  schema: { readonly properties: Readonly<Record<string, unknown>> },
  value: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(schema.properties)
      .filter((key) => value[key] !== undefined)
      .map((key) => [key, value[key]]),
  );
}

/** Loaded lists are sorted by name: output never depends on the order entries were written in. */
export const byName = <T extends { readonly name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
