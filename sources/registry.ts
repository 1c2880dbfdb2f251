/**
 * The source kinds, in the order the reference lists them. Adding one: a folder whose index makes
 * its SourceKind with sourceKind() (./source-kind: its keys' schema types its normalize), a line
 * here, and its variant in config/catalogue.ts's Source type.
 */
import type { Source } from "../config/catalogue";
import { codecommitSource } from "./codecommit";
import { connectionSource } from "./connection";
import { s3Source } from "./s3";
import type { SourceKind } from "./source-kind";

type Kind = Source["kind"];
/** The loaded source of one kind. */
type SourceOf<K extends Kind> = Extract<Source, { readonly kind: K }>;
type Registry = { readonly [K in Kind]: SourceKind<SourceOf<K>> };

const REGISTRY: Registry = {
  connection: connectionSource,
  codecommit: codecommitSource,
  s3: s3Source,
};

/**
 * A source kind without the functions that take its own source type: what can be asked of any
 * kind (its keys, schema and normalize). The rest is reached through sourceKindOf(source).
 */
export type AnySourceKind = Pick<
  SourceKind,
  "key" | "kind" | "label" | "properties" | "requires" | "normalize"
>;

export const SOURCE_KINDS: readonly AnySourceKind[] = Object.values(REGISTRY);

/** The kind of a normalized source (indexing the mapped Registry keeps kind and source in step). */
export function sourceKindOf<K extends Kind>(
  source: SourceOf<K> & { readonly kind: K },
): SourceKind<SourceOf<K>> {
  return REGISTRY[source.kind];
}

/** The kind of a validated `source:` value: the one whose key it has. */
export function sourceKindFor(
  value: Readonly<Record<string, unknown>>,
): AnySourceKind {
  return SOURCE_KINDS.find((kind) => value[kind.key] !== undefined)!;
}

/** The `source` key's description, from the kinds. */
export function sourceDescription(): string {
  const labels = SOURCE_KINDS.map((kind) => kind.label);
  return `Where the code comes from: exactly one of ${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}.`;
}
