/**
 * `defaults:` deep-merged under services, with each merged value remembering where it was
 * written, so a problem in an inherited value points at the line in `defaults:`.
 */
import { Path } from "./yaml-path";

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value if it is a map or an object, else an empty one: a section left out, or refused by
 * the shape check (which leaves out what it refuses).
 */
export function objectOf(value: unknown): Obj {
  return isObject(value) ? value : {};
}

/** The value if it is a string, else undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export const isString = (value: unknown): value is string =>
  typeof value === "string";

export const isNumber = (value: unknown): value is number =>
  typeof value === "number";

export const isBoolean = (value: unknown): value is boolean =>
  typeof value === "boolean";

export const isStrings = (value: unknown): value is readonly string[] =>
  Array.isArray(value) && value.every(isString);

/** Whether a value is a T: isString, isObject, a schema's `conforms`, ... */
export type Guard<T> = (value: unknown) => value is T;

/** Maps merge key by key; lists and scalars of the higher layer replace the lower. */
export function deepMerge(lower: unknown, higher: unknown): unknown {
  if (higher === undefined) return lower;
  if (isObject(lower) && isObject(higher)) {
    const out: Obj = { ...lower };
    for (const [key, value] of Object.entries(higher))
      out[key] = deepMerge(lower[key], value);
    return out;
  }
  return higher;
}

export function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const part of path) {
    if (Array.isArray(current) && typeof part === "number")
      current = current[part];
    else if (isObject(current) && typeof part === "string")
      current = current[part];
    else return undefined;
  }
  return current;
}

/** One written layer of a merged value: where it is in the file, and what it holds. */
export interface Layer {
  readonly path: Path;
  readonly value: unknown;
}

/** A value merged from layers, lowest priority first. */
export class Merged {
  readonly value: unknown;
  constructor(private readonly layers: readonly Layer[]) {
    this.value = layers.reduce<unknown>(
      (acc, layer) => deepMerge(acc, layer.value),
      undefined,
    );
  }

  /**
   * The merged value at `rel`, if `is` accepts it: undefined when it is absent or of another type
   * (the shape check leaves out what it refuses, so a rule reads a type-checked value).
   */
  get<T>(rel: Path, is: Guard<T>): T | undefined;
  /** The merged value at `rel`, unknown. */
  get(rel: Path): unknown;
  get<T>(rel: Path, is?: Guard<T>): unknown {
    const value = getIn(this.value, rel);
    return is === undefined || is(value) ? value : undefined;
  }

  /** The YAML path where the value at `rel` was written (the highest layer that sets it). */
  origin(rel: Path): Path {
    const layer = this.layerOf(rel);
    return [
      ...this.layers[layer < 0 ? this.layers.length - 1 : layer].path,
      ...rel,
    ];
  }

  /** Index of the highest layer that sets `rel`, -1 when none does. */
  layerOf(rel: Path): number {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      if (getIn(this.layers[i].value, rel) !== undefined) return i;
    }
    return -1;
  }

  /** The value at `rel` as one layer wrote it, if `is` accepts it. */
  inLayer<T>(layer: number, rel: Path, is: Guard<T>): T | undefined {
    const value = getIn(this.layers[layer]?.value, rel);
    return is(value) ? value : undefined;
  }
}
