/**
 * The top-level sections of the catalogue the deploy targets load (ECS: clusters), by key, as
 * the loaded Catalogue (config/catalogue.ts) and the outline the name checks read carry them.
 * Empty here: a target adds its own by declaration merging, in its folder
 * (`declare module "../sections"`, targets/ecs/types.ts), and declares how to load it
 * (DeployTarget.sections), so no shared file names a target's section.
 * A leaf (it imports nothing), so config/ and the targets both import it without a cycle.
 */

/** Each loaded section by its key. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by the targets
export interface TargetSections {}

/**
 * Each loaded section's outline: the keys its physical names derive from, read from a catalogue
 * that may have problems (config/outline.ts). One key for each of TargetSections.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by the targets
export interface TargetSectionOutlines {}
