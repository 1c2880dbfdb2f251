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

type Registry = {
  readonly [K in Source["kind"]]: SourceKind<Extract<Source, { kind: K }>>;
};

const REGISTRY: Registry = {
  connection: connectionSource,
  codecommit: codecommitSource,
  s3: s3Source,
};

export const SOURCE_KINDS: readonly SourceKind[] = Object.values(
  REGISTRY,
) as SourceKind[];

/** The kind of a normalized source. */
export function sourceKindOf<S extends Source>(source: S): SourceKind<S> {
  return REGISTRY[source.kind] as unknown as SourceKind<S>;
}

/** The kind of a validated `source:` value: the one whose key it has. */
export function sourceKindFor(
  value: Readonly<Record<string, unknown>>,
): SourceKind {
  return SOURCE_KINDS.find((kind) => value[kind.key] !== undefined)!;
}

/** The `source` key's description, from the kinds. */
export function sourceDescription(): string {
  const labels = SOURCE_KINDS.map((kind) => kind.label);
  return `Where the code comes from: exactly one of ${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}.`;
}
