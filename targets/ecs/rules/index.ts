/**
 * The ECS target's catalogue rules, one file each (the shape of config/rules/): they see only the
 * environments of this target (config/load-catalogue.ts), and the README lists them with the
 * catalogue's own. Adding one: a file here, a line below, and its failing and passing fixtures
 * named after its id.
 */
import type { MergedRule } from "../../../config/rules/rule";

export const ECS_RULES: readonly MergedRule[] = [];
