/**
 * What the synth bundle (scripts/synth.js) loads in place of `json-stable-stringify` (1.3.0),
 * which cdktf writes every stack, its metadata and the manifest with, always as
 * `stringify(value, { space: 2 })`. The same text (keys sorted, cdktf's indentation, "null" for
 * what a list cannot hold, empty lists and maps written across two lines), without the general
 * machinery (a replacer, a comparator, bound array methods, indentation rebuilt for every value):
 * __tests__/stable-stringify-test.ts compares the two on every fixture's stacks and on edge cases.
 * Any other option fails loudly.
 */
"use strict";

/** json-stable-stringify's indentation unit: `n` spaces (rounded up, as its loop does). */
function repeat(n, unit) {
  let out = "";
  for (let i = 0; i < n; i += 1) out += unit;
  return out;
}

module.exports = function stableStringify(value, options) {
  if (
    options !== undefined &&
    (typeof options !== "object" ||
      options === null ||
      Object.keys(options).some((key) => key !== "space"))
  )
    throw new Error(
      "json-stable-stringify is replaced in the synth bundle (scripts/synth.js, scripts/stable-stringify.js), which supports { space } only",
    );
  let space = (options && options.space) || "";
  if (typeof space === "number") space = repeat(space, " ");
  const colon = space ? ": " : ":";
  const indents = [];
  const indent = (level) =>
    indents[level] ??
    (indents[level] = space ? `\n${repeat(level, space)}` : "");
  const seen = [];
  const write = (node, level) => {
    if (node && node.toJSON && typeof node.toJSON === "function")
      node = node.toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== "object" || node === null) return JSON.stringify(node);
    const outer = indent(level);
    const inner = outer + space;
    if (Array.isArray(node)) {
      let out = "[";
      for (let i = 0; i < node.length; i++) {
        const item = write(node[i], level + 1) || "null";
        out += i === 0 ? inner + item : `,${inner}${item}`;
      }
      return `${out}${outer}]`;
    }
    if (seen.includes(node))
      throw new TypeError("Converting circular structure to JSON");
    seen.push(node);
    const keys = Object.keys(node).sort();
    let out = "{";
    let first = true;
    for (const key of keys) {
      const item = write(node[key], level + 1);
      if (!item) continue;
      out += `${first ? "" : ","}${inner}${JSON.stringify(key)}${colon}${item}`;
      first = false;
    }
    seen.pop();
    return `${out}${outer}}`;
  };
  return write(value, 0);
};
