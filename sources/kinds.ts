/**
 * Each source kind's loaded source type, by its key under `source:`: a kind adds
 * `<key>: <its source>` by declaration merging in its folder (`declare module "../kinds"`,
 * sources/s3/index.ts), and the catalogue's Source (config/catalogue.ts) is the union of them,
 * discriminated by `kind`. The registry (./registry.ts) is typed over its keys: a kind declared
 * here and not registered, or registered and not declared, does not compile. Every file is in
 * the compilation (tsconfig.json includes all of them), so a kind's declaration counts whether or
 * not anything imports its folder.
 * A leaf (it imports nothing), so config/catalogue.ts takes Source from here without reaching
 * the kinds' modules, whose rules import config/ (an import cycle otherwise).
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by the kinds
export interface SourceKinds {}

/** A loaded `source:`: one of the registered kinds' sources. */
export type Source = SourceKinds[keyof SourceKinds];
