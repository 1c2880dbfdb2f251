/**
 * What a catalogue rule is, and the kit rules share. A rule is data, in the style of cdk-nag: a
 * stable id (the name of its file and of its fixtures, and API: users and tests refer to it), a
 * one-line summary in the user's terms (the README lists every rule from it), the catalogue keys
 * it concerns, and its check. Checks report problems and never throw. `merged` rules run on the
 * value the shape validator returned (invalid parts left out, `defaults:` merged under each
 * service), so they check only what is present; `catalogue` rules run on the normalized
 * catalogue, once every merged rule has passed.
 */
import type { Catalogue } from "../catalogue";
import { Merged, isBoolean, isObject, objectOf } from "../merge";
import { formatPath, Path } from "../yaml-path";

export type Obj = Record<string, unknown>;

/** A service (or base image) with `defaults:` merged under it. */
export interface MergedImage {
  readonly name: string;
  readonly kind: "service" | "baseImage";
  readonly path: Path;
  readonly merged: Merged;
  readonly environments: readonly {
    readonly name: string;
    readonly path: Path;
    readonly merged: Merged;
  }[];
}

export interface RuleContext {
  readonly raw: Obj;
  readonly images: readonly MergedImage[];
  report(path: Path, message: string): void;
  /** What `derive` gives for raw and images, computed once for all the rules of this pass. */
  once<T>(derive: (raw: Obj, images: readonly MergedImage[]) => T): T;
}

export interface CatalogueRuleContext {
  readonly catalogue: Catalogue;
  report(path: Path, message: string): void;
  /**
   * What `derive` gives for the catalogue, computed once for all the rules of this load (the
   * plan, which policy-size and pipeline-structure both walk, is built once, not per rule).
   */
  once<T>(derive: (catalogue: Catalogue) => T): T;
}

interface RuleInfo {
  /** Kebab-case and stable: names the rule's file and fixtures (`invalid/<id>.yaml`). */
  readonly id: string;
  /** One line, in the user's terms: what a valid catalogue looks like. */
  readonly summary: string;
  /** The catalogue keys it checks, as the reference names them. */
  readonly keys: readonly string[];
}

/** A rule over the merged, shape-checked YAML: reports at the line a value was written. */
export interface MergedRule extends RuleInfo {
  readonly stage: "merged";
  readonly check: (ctx: RuleContext) => void;
}

/** A rule over the normalized catalogue (defaults applied), run once the merged rules pass. */
export interface CatalogueRule extends RuleInfo {
  readonly stage: "catalogue";
  readonly check: (ctx: CatalogueRuleContext) => void;
}

export type Rule = MergedRule | CatalogueRule;

/**
 * Builds the merged view of every service and base image. An environment's merged value starts
 * from the top-level sections named in `environmentDefaults`, each under its own key
 * (targets/registry.ts ENVIRONMENT_DEFAULT_SECTIONS: Beanstalk's network).
 */
export function mergeImages(
  raw: Obj,
  environmentDefaults: readonly string[],
): MergedImage[] {
  const defaults = objectOf(raw.defaults);
  const out: MergedImage[] = [];
  for (const [name, value] of Object.entries(objectOf(raw.baseImages))) {
    out.push({
      name,
      kind: "baseImage",
      path: ["baseImages", name],
      merged: new Merged([{ path: ["baseImages", name], value }]),
      environments: [],
    });
  }
  for (const [name, value] of Object.entries(objectOf(raw.services))) {
    const path = ["services", name];
    const own = isObject(value) ? value : {};
    const merged = new Merged([
      {
        path: ["defaults"],
        value: { build: defaults.build, image: defaults.image },
      },
      { path, value: own },
    ]);
    const environments = Object.entries(objectOf(own.environments)).map(
      ([env, envValue]) => ({
        name: env,
        path: [...path, "environments", env],
        merged: new Merged([
          {
            path: [],
            value: Object.fromEntries(
              environmentDefaults.map((key) => [key, raw[key]]),
            ),
          },
          { path: ["defaults", "environment"], value: defaults.environment },
          { path: [...path, "environments", env], value: envValue },
        ]),
      }),
    );
    out.push({ name, kind: "service", path, merged, environments });
  }
  return out;
}

/** Reports at the line where the value was written; says so when it was inherited. */
export function reportMerged(
  ctx: RuleContext,
  image: { path: Path; merged: Merged },
  rel: Path,
  message: string,
): void {
  const origin = image.merged.origin(rel);
  const here = [...image.path, ...rel];
  const inherited =
    origin.length !== here.length || origin.some((part, i) => part !== here[i]);
  ctx.report(
    origin,
    inherited ? `${message} (inherited by ${formatPath(here)})` : message,
  );
}

/** A retired entry runs nothing: only its image repository is kept (see ServiceStack). */
export function isRetired(image: MergedImage): boolean {
  return image.merged.get(["retired"], isBoolean) === true;
}

/** "baseImages has a, b" or "baseImages is empty", for a message about an unknown name. */
export function known(what: string, names: readonly string[]): string {
  return names.length === 0
    ? `${what} is empty`
    : `${what} has ${[...names].sort().join(", ")}`;
}
