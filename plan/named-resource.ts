/**
 * What a physical name is in the plan. Its own module so that a deploy target (which adds the
 * names of its environments, targets/deploy-target.ts) can name the type without importing the
 * list of names, which imports the target registry.
 */
import type { Path } from "../config/yaml-path";
import type { NameRule } from "./names";

/** One physical name and where it comes from. */
export interface NamedResource {
  /** The AWS naming rule it must obey (NAME_RULES, or a target's); unset: checked elsewhere. */
  readonly rule?: NameRule;
  readonly name: string;
  /** The catalogue key that derives it (where a problem is reported). */
  readonly path: Path;
  /**
   * Names in one namespace ("IAM role", "stack", ...) must differ; `owner` says whose it is in
   * messages ("service orders's"). Unset: unique by construction, not claimed.
   */
  readonly unique?: { readonly namespace: string; readonly owner: string };
  /**
   * Claim order: the catalogue's own names first, then retired entries (whose resources keep their
   * names until the retirement is applied), then live ones: the later entry is told to change.
   */
  readonly rank: 0 | 1 | 2;
}
