/**
 * `defaults:` deep-merged under services, with each merged value remembering where it was
 * written, so a problem in an inherited value points at the line in `defaults:`.
 */
import { Path } from "./yaml-path";

type Obj = Record<string, unknown>;

export function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

  get<T = unknown>(rel: Path): T | undefined {
    return getIn(this.value, rel) as T | undefined;
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

  /** The value at `rel` as one layer wrote it. */
  inLayer<T = unknown>(layer: number, rel: Path): T | undefined {
    return getIn(this.layers[layer]?.value, rel) as T | undefined;
  }
}
