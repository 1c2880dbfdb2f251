/**
 * What the deploy targets add to the catalogue's types: their environment types (EnvironmentKinds)
 * and the top-level sections they load (ECS: clusters), by key, as the loaded Catalogue
 * (config/catalogue.ts) and the outline the name checks read carry them.
 * Empty here: a target adds its own by declaration merging, in its folder
 * (`declare module "../sections"`, targets/<kind>/types.ts), and declares how to load a section
 * (DeployTarget.sections), so no shared file names a target's environment type or section.
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

/**
 * Each deploy target's loaded environment type, by its kind: a target adds
 * `<kind>: <Its>Environment` by declaration merging in its targets/<kind>/types.ts, and the
 * catalogue's Environment (config/catalogue.ts) is the union of them, discriminated by `kind`.
 * The registry (targets/registry.ts) and the renderers' map (targets/renderers.ts) are typed
 * over its keys: a kind declared here and not registered, or registered and not declared, does
 * not compile. Every file is in the compilation (tsconfig.json includes all of them), so a
 * target's declaration counts whether or not anything imports its folder.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by the targets
export interface EnvironmentKinds {}

/** A registered deploy target's kind: the value of an environment's `kind:` that selects it. */
export type DeployKind = keyof EnvironmentKinds;

/** One environment of a service, loaded by its deploy target: any target's type. */
export type TargetEnvironment = EnvironmentKinds[DeployKind];
