/** The types of the catalogue's schema DSL (./schema.ts), apart so that variants can use them. */

export interface Base {
  /** One sentence for users: shown in editors and in the README reference. */
  readonly description: string;
  /** The default, when the key may be left out. */
  readonly default?: unknown;
}
export interface StringSchema extends Base {
  readonly type: "string";
  readonly pattern?: RegExp;
  /** What the pattern allows, in words, for error messages. */
  readonly hint?: string;
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The value may be a secret pasted by mistake: messages show only its start and length. */
  readonly sensitive?: boolean;
}
export interface IntegerSchema extends Base {
  readonly type: "integer";
  readonly minimum: number;
  readonly maximum: number;
}
export interface BooleanSchema extends Base {
  readonly type: "boolean";
}
/** A string, number or boolean, used as a string (environment variable values). */
export interface ScalarSchema extends Base {
  readonly type: "scalar";
  readonly maxLength?: number;
}
export interface ConstSchema extends Base {
  readonly type: "const";
  readonly value: number | string;
}
export interface ArraySchema extends Base {
  readonly type: "array";
  readonly items: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}
/** A map keyed by user-chosen names (services, environments, variables). */
export interface MapSchema extends Base {
  readonly type: "map";
  readonly values: Schema;
  readonly keyPattern: RegExp;
  readonly keyHint: string;
  readonly maxProperties?: number;
  /** Written in place of the map, a value may be a secret: messages show only its start. */
  readonly sensitive?: boolean;
}
/** A fixed set of keys; unknown keys are errors. */
export interface ObjectSchema extends Base {
  readonly type: "object";
  readonly properties: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  /** Exactly one key of this list must be present. */
  readonly exactlyOne?: readonly string[];
  /** key -> keys that must also be present when key is. */
  readonly requires?: Readonly<Record<string, readonly string[]>>;
  /** Keys starting with "x-" are allowed and ignored (a place for YAML anchors). */
  readonly extensions?: boolean;
  /**
   * Keys only some values of one key allow (an environment's kind: each target's keys). The
   * shape validator takes them all (a rule refuses the others' keys in words); the JSON Schema
   * tells editors.
   */
  readonly discriminator?: {
    readonly key: string;
    /** Each value's own keys; a key of no value is allowed with every one. */
    readonly keysOf: Readonly<Record<string, readonly string[]>>;
  };
  /**
   * Left out means none (a feature not asked for: notifications, trigger filters), not an
   * object of defaults: applyDefaults leaves it out.
   */
  readonly absentMeansNone?: true;
}
/**
 * One of several shapes, told apart by how the value is written (a scalar, a map or a list):
 * `count: 2` or `count: { min: 2, max: 6 }`. At most one variant of each.
 */
export interface OneOfSchema extends Base {
  readonly type: "oneOf";
  readonly variants: readonly Schema[];
}
export type Schema =
  | OneOfSchema
  | StringSchema
  | IntegerSchema
  | BooleanSchema
  | ScalarSchema
  | ConstSchema
  | ArraySchema
  | MapSchema
  | ObjectSchema;

// ---------------------------------------------------------------------------------------------
// The types a schema describes. A schema written `as const satisfies ObjectSchema` (or any other
// of the above) keeps its literal type, from which these are computed, so the catalogue's shape
// is written once: the schema. A widened schema gives a wide type: `Schema` gives unknown, an
// ObjectSchema whose keys are not known (built from a registry) a record of unknown values.

/** An intersection flattened into one object type (readable in editors and errors). */
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

type RequiredKeys<S> = S extends { readonly required: readonly (infer K)[] }
  ? K
  : never;

type ScalarOf<S> = S extends {
  readonly type: "string";
  readonly enum: readonly (infer E)[];
}
  ? E
  : S extends { readonly type: "string" | "scalar" }
    ? string
    : S extends { readonly type: "integer" }
      ? number
      : S extends { readonly type: "boolean" }
        ? boolean
        : S extends { readonly type: "const"; readonly value: infer V }
          ? V
          : never;

/**
 * The value a schema accepts, as the shape validator returns it: required keys present, every
 * other key optional (scalar values of variables are strings, as the validator returns them).
 */
export type Infer<S> = [Schema] extends [S]
  ? unknown
  : S extends { readonly type: "object"; readonly properties: infer P }
    ? string extends keyof P
      ? Readonly<Record<string, unknown>>
      : Simplify<
          {
            readonly [
              K in keyof P as K extends RequiredKeys<S> ? K : never
            ]: Infer<P[K]>;
          } & {
            readonly [
              K in keyof P as K extends RequiredKeys<S> ? never : K
            ]?: Infer<P[K]>;
          }
        >
    : S extends {
          readonly type: "oneOf";
          readonly variants: readonly (infer V)[];
        }
      ? Infer<V>
      : S extends { readonly type: "map"; readonly values: infer V }
        ? Readonly<Record<string, Infer<V>>>
        : S extends { readonly type: "array"; readonly items: infer I }
          ? readonly Infer<I>[]
          : ScalarOf<S>;

/**
 * Whether applyDefaults fills in a left-out value of this schema: it has a default, it is a map
 * (a map left out has no entries), or it is an object none of whose keys is required and which
 * is not a choice (exactlyOne), whose own defaults then apply (`build:` left out is a build with
 * every default).
 */
type Filled<S> = S extends { readonly default: unknown }
  ? true
  : S extends { readonly type: "map" }
    ? true
    : S extends { readonly type: "object" }
      ? S extends { readonly absentMeansNone: true }
        ? false
        : S extends { readonly required: readonly [unknown, ...unknown[]] }
          ? false
          : S extends { readonly exactlyOne: readonly unknown[] }
            ? false
            : true
      : false;

/** The value after applyDefaults (./schema-values): Infer<S>, with every filled key present. */
export type Defaulted<S> = [Schema] extends [S]
  ? unknown
  : S extends { readonly type: "object"; readonly properties: infer P }
    ? string extends keyof P
      ? Readonly<Record<string, unknown>>
      : Simplify<
          {
            readonly [
              K in keyof P as K extends RequiredKeys<S>
                ? K
                : Filled<P[K]> extends true
                  ? K
                  : never
            ]: Defaulted<P[K]>;
          } & {
            readonly [
              K in keyof P as K extends RequiredKeys<S>
                ? never
                : Filled<P[K]> extends true
                  ? never
                  : K
            ]?: Defaulted<P[K]>;
          }
        >
    : S extends {
          readonly type: "oneOf";
          readonly variants: readonly (infer V)[];
        }
      ? Defaulted<V>
      : S extends { readonly type: "map"; readonly values: infer V }
        ? Readonly<Record<string, Defaulted<V>>>
        : S extends { readonly type: "array"; readonly items: infer I }
          ? readonly Defaulted<I>[]
          : ScalarOf<S>;
