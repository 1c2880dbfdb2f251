/**
 * The source kinds, in the order the reference lists them. Adding one: a folder whose index makes
 * its SourceKind with sourceKind() (./source-kind: its keys' schema types its normalize, whose
 * result is the kind's loaded source type) and adds that type to SourceKinds (./kinds.ts), and a
 * line here; the catalogue's Source type is the union of the kinds' source types.
 */
import { codecommitSource } from "./codecommit";
import { connectionSource } from "./connection";
import { s3Source } from "./s3";
import type { Source, SourceKinds } from "./kinds";
import type { SourceKind } from "./source-kind";

type Kind = keyof SourceKinds;
/** The loaded source of one kind. */
type SourceOf<K extends Kind> = SourceKinds[K] & { readonly kind: K };

/**
 * Each kind under its key, in the order the reference lists them. Typed over the kinds whose
 * loaded sources sources/<kind>/index.ts declares (SourceKinds, ./kinds.ts): a declared kind left
 * out here, or one registered under another kind's key, does not compile.
 */
const REGISTRY: {
  readonly [K in Kind]: SourceKind<SourceOf<K>>;
} = {
  connection: connectionSource,
  codecommit: codecommitSource,
  s3: s3Source,
};

/**
 * A source kind without the functions that take its own source type: what can be asked of any
 * kind (its keys, schema and normalize). The rest is reached through sourceKindOf(source).
 */
export type AnySourceKind = Pick<
  SourceKind<Source>,
  "key" | "kind" | "label" | "properties" | "requires" | "normalize" | "rules"
>;

export const SOURCE_KINDS: readonly AnySourceKind[] = Object.values(REGISTRY);

/** The kind of a normalized source (indexing the mapped Registry keeps kind and source in step). */
export function sourceKindOf<K extends Kind>(
  source: SourceOf<K> & { readonly kind: K },
): SourceKind<SourceOf<K>> {
  return REGISTRY[source.kind];
}

/** The name under `connections` a source is fetched through (SourceKind.connection), if any. */
export function sourceConnection(source: Source): string | undefined {
  return sourceKindOf(source).connection?.(source);
}

/** `{ connectionArn }` for a source fetched through a connection, else nothing: to spread. */
export function sourceConnectionArn(
  source: Source,
  arnOf: (connection: string) => string,
): { readonly connectionArn?: string } {
  const connection = sourceConnection(source);
  return connection === undefined ? {} : { connectionArn: arnOf(connection) };
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
