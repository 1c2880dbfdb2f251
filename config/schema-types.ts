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
