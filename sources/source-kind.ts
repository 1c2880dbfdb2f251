/**
 * A source kind: one key under a service's or base image's `source:`, with everything that
 * follows from it (its schema, its normalized form, its pipeline action, what starts the
 * pipeline, what the pipeline role may do). One folder per kind; ./registry lists them.
 * Modelled on aws-cdk's codepipeline-actions: each action carries the grants it needs.
 */
import type { Rule } from "../config/rules/rule";
import type { Defaulted, Schema } from "../config/schema-types";
import { applyDefaults, conforms } from "../config/schema-values";
import type { Statement } from "../plan/iam";

/** Where the pipeline runs: its ARNs' partition, region and account (a reference at synth). */
export interface SourceContext {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The ARN of the source's connection (connection sources). */
  readonly connectionArn?: string;
}

/** A source action's provider and configuration (the rest is common to every source). */
export interface SourceAction {
  readonly provider: string;
  readonly configuration: Record<string, string>;
}

/** Include and exclude patterns of one push filter criterion. */
export interface PushFilterCriteria {
  readonly includes?: string[];
  readonly excludes?: string[];
}

/** One push filter of a V2 pipeline trigger (aws_codepipeline `trigger.git_configuration.push`). */
export interface PushFilter {
  readonly branches?: PushFilterCriteria;
  readonly filePaths?: PushFilterCriteria;
  readonly tags?: PushFilterCriteria;
}

/** What every kind's loaded source has: the kind that reads it. */
export interface SourceShape {
  readonly kind: string;
}

/**
 * A source kind over its loaded source type S (config/catalogue.ts's Source is the union of the
 * registered kinds' S, ./registry).
 */
export interface SourceKind<S extends SourceShape = SourceShape> {
  /** The key under `source:` that selects it (exactly one per source). */
  readonly key: string;
  readonly kind: S["kind"];
  /** How the `source` description names it: "codecommit", "connection (with repository, branch)". */
  readonly label: string;
  /** The keys it adds under `source:`, in the order the reference lists them. */
  readonly properties: Readonly<Record<string, Schema>>;
  /** key -> keys that must also be present when key is. */
  readonly requires?: Readonly<Record<string, readonly string[]>>;
  /**
   * The validated `source:` value, with its defaults (see sourceKind for how a kind writes it).
   * @throws when the value is not a valid one of this kind (a validated catalogue never has one)
   */
  normalize(value: Readonly<Record<string, unknown>>): S;
  /**
   * The name under `connections` the source is fetched through: the pipeline gets its ARN
   * (SourceContext.connectionArn) and the picture names it.
   * @default none: the source needs no connection
   */
  connection?(source: S): string;
  /** The pipeline's Source action. */
  action(source: S, ctx: Pick<SourceContext, "connectionArn">): SourceAction;
  /**
   * The EventBridge pattern that starts the pipeline when the source changes.
   * @default none: the source notifies CodePipeline itself
   */
  trigger?(source: S, ctx: SourceContext): object;
  /**
   * The push filters that start the pipeline instead of every change (a V2 pipeline trigger on
   * the Source action, whose DetectChanges is then off).
   * @default none: the action's own change detection
   */
  pushFilters?(source: S): PushFilter[];
  /** What the pipeline role needs to run the action. */
  statements(source: S, ctx: SourceContext): Statement[];
  /** What starts the pipeline, in words (the pipeline picture). */
  describe(source: S): string;
  /** Its Source action, in words (the pipeline picture): what it fetches, from where. */
  describeAction(source: S): string;
  /**
   * Its catalogue rules, one file each under sources/<key>/rules/ (as config/rules/): merged and
   * catalogue rules alike, run after the catalogue's own rules of their stage
   * (config/load-catalogue.ts) and listed with them (ALL_RULES of config/rules/index.ts). They see
   * the whole catalogue: a rule checks its own kind's sources (by its key or its `kind`).
   * @default none
   */
  readonly rules?: readonly Rule[];
}

/** The loaded source of a kind (what its normalize returns). */
export type SourceOfKind<T> = T extends SourceKind<infer S> ? S : never;

/** A kind's own keys as one object schema: what its normalize receives. */
interface OwnKeys<P> {
  readonly type: "object";
  readonly description: string;
  readonly properties: P;
}

/** A source kind as its folder writes it: `normalize` gets its own keys, typed and defaulted. */
export type SourceKindDefinition<
  K extends string,
  S extends { readonly kind: K },
  P extends Readonly<Record<string, Schema>>,
> = Omit<SourceKind<S>, "kind" | "properties" | "normalize"> & {
  /** The `kind` of its loaded sources. */
  readonly kind: K;
  readonly properties: P;
  /**
   * Its keys of a validated `source:` value, typed from `properties` with their defaults applied;
   * undefined when the keys it needs are missing (the schema's exactlyOne and requires rule
   * that out; the types cannot say so).
   */
  normalize(value: Defaulted<OwnKeys<P>>): S | undefined;
};

/** Makes a SourceKind: its normalize reads the kind's own keys, checked against their schema. */
export function sourceKind<
  const K extends string,
  S extends { readonly kind: K },
  const P extends Readonly<Record<string, Schema>>,
>(definition: SourceKindDefinition<K, S, P>): SourceKind<S> {
  const schema: OwnKeys<P> = {
    type: "object",
    description: definition.label,
    properties: definition.properties,
  };
  return {
    ...definition,
    normalize: (value) => {
      const own = Object.fromEntries(
        Object.keys(definition.properties).map((key) => [key, value[key]]),
      );
      if (!conforms(schema, own))
        throw new Error(`not a valid ${definition.key} source`);
      const defaulted = applyDefaults<OwnKeys<P>>(schema, own);
      const source = definition.normalize(defaulted);
      if (source === undefined)
        throw new Error(`not a valid ${definition.key} source`);
      return source;
    },
  };
}
