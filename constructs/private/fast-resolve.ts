import { Construct } from "constructs";
import { Token, Tokenization } from "./cdktf";

/**
 * cdktf resolves every stack element by element, then the whole stack once more, walking every
 * value through a general resolver that builds a context and closures for each string, number and
 * key, and runs three regular expressions over each string. Nearly everything it walks is plain
 * data. While `fn` runs, Tokenization.resolve (the door every cdktf resolution goes through,
 * lib/_tokens.js) walks plain data itself, copying it as cdktf does, and hands every value that is
 * or may hold a token, by cdktf's own tests, to cdktf's resolver unchanged: the output is
 * byte-identical (a test compares it with plain cdktf's on every fixture; `npm run bench` at 500
 * and 2000 services).
 */
export function withFastResolve<T>(fn: () => T): T {
  const original = Tokenization.resolve;
  const resolve: typeof original = (obj, options) =>
    walk(obj, 0, (value) => original.call(Tokenization, value, options));
  Tokenization.resolve = resolve;
  try {
    return fn();
  } finally {
    Tokenization.resolve = original;
  }
}

/** Where cdktf gives up on a cyclic value (lib/tokens/private/resolve.js): it throws from there. */
const MAX_DEPTH = 200;

/** Every token marker (string, list and map: `${TfToken[`, `#{TfToken[`, `&{TfToken[`) holds it. */
const TOKEN_MARKER = "TfToken[";
/**
 * cdktf's test for numbers encoded into a string (lib/tokens/private/encoding.js,
 * NUMBER_TOKEN_REGEX), without the global flag.
 */
const NUMBER_TOKEN = new RegExp("[-|\\d|.\\+]+(e[-|\\d|.|e|E|\\+]+)");

/** A string cdktf's resolver returns as it is (it holds no token, and is no map token value). */
function plainString(s: string): boolean {
  return (
    !s.includes(TOKEN_MARKER) &&
    !(s.includes("e") && NUMBER_TOKEN.test(s)) &&
    s !== Token.STRING_MAP_TOKEN_VALUE &&
    s !== Token.ANY_MAP_TOKEN_VALUE
  );
}

/** A number cdktf's resolver returns as it is: tokens are encoded as doubles far beyond 2^53. */
function plainNumber(n: number): boolean {
  return Number.isSafeInteger(n) && n !== Token.NUMBER_MAP_TOKEN_VALUE;
}

function walk(
  value: unknown,
  depth: number,
  cdktf: (value: unknown) => unknown,
): unknown {
  if (depth > MAX_DEPTH) return cdktf(value);
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string":
      return plainString(value) ? value : cdktf(value);
    case "number":
      return plainNumber(value) ? value : cdktf(value);
    case "object":
      break;
    default:
      return cdktf(value);
  }
  if (value === null || value instanceof Date) return value;
  if (Array.isArray(value)) {
    // List tokens are arrays holding a marked string or an encoded number.
    if (
      value.some((x) =>
        typeof x === "string"
          ? x.includes(TOKEN_MARKER)
          : typeof x === "number" && !plainNumber(x),
      )
    )
      return cdktf(value);
    const out: unknown[] = [];
    for (const x of value) {
      const resolved = walk(x, depth + 1, cdktf);
      if (resolved !== undefined) out.push(resolved);
    }
    return out;
  }
  if (Tokenization.isResolvable(value) || Construct.isConstruct(value))
    return cdktf(value);
  const keys = Object.keys(value);
  // Map tokens are objects with a marked key; any key cdktf would resolve goes to cdktf whole.
  if (!keys.every(plainString)) return cdktf(value);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const resolved = walk(
      (value as Record<string, unknown>)[key],
      depth + 1,
      cdktf,
    );
    if (resolved !== undefined) out[key] = resolved;
  }
  return out;
}
