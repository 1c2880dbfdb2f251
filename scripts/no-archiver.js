/**
 * What the synth bundle (scripts/synth.js) loads in place of `archiver`. cdktf requires it at the
 * top of lib/private/fs.js (with its dependencies, about 75 ms to load) for one purpose: zipping a
 * directory for a TerraformAsset of type ARCHIVE. This app makes no assets; should one ever be
 * made, it fails here, loudly.
 */
"use strict";
module.exports = () => {
  throw new Error(
    "archiver is left out of the synth bundle (scripts/synth.js, scripts/no-archiver.js): this app zips no TerraformAsset",
  );
};
