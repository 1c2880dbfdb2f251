import { Construct } from "constructs";
import { releaseTokensSince, tokenMark } from "./token-release";
import {
  DefaultTokenResolver,
  IResolvable,
  IResolveContext,
  ResolveOptions,
  StringConcat,
  tfCall,
  tfDependable,
  tfRef,
  Token,
  Tokenization,
  TokenMap,
} from "./cdktf";

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
  const resolve: typeof original = (obj, options) => {
    const cdktf = (value: unknown) =>
      original.call(Tokenization, value, options);
    const outer = referencesHere;
    referencesHere = referencesResolvable(options);
    try {
      return walk(
        obj,
        0,
        referencesHere
          ? (value) =>
              (typeof value === "string"
                ? referenceString(value)
                : undefined) ?? cdktf(value)
          : cdktf,
      );
    } finally {
      referencesHere = outer;
    }
  };
  const expression = tfExpression();
  const originalArg = expression.resolveArg;
  Tokenization.resolve = resolve;
  expression.resolveArg = function (context, arg) {
    return renderArg(this, originalArg, context, arg, 0);
  };
  try {
    return fn();
  } finally {
    Tokenization.resolve = original;
    expression.resolveArg = originalArg;
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

/** The same, global: every number cdktf finds in a string. */
const NUMBER_TOKENS = new RegExp(NUMBER_TOKEN.source, "g");
/** The values of map tokens (read once: cdktf's exports are getters). */
const STRING_MAP_TOKEN_VALUE = Token.STRING_MAP_TOKEN_VALUE;
const ANY_MAP_TOKEN_VALUE = Token.ANY_MAP_TOKEN_VALUE;
const NUMBER_MAP_TOKEN_VALUE = Token.NUMBER_MAP_TOKEN_VALUE;
/**
 * Below this magnitude a number is no token: cdktf encodes tokens as doubles whose high bits are a
 * marker (encoding.js, extractTokenDouble), all beyond 2^992 in magnitude.
 */
const NO_TOKEN_BELOW = 1e290;

/** A string cdktf's resolver returns as it is (it holds no token, and is no map token value). */
function plainString(s: string): boolean {
  return (
    !s.includes(TOKEN_MARKER) &&
    !(s.includes("e") && NUMBER_TOKEN.test(s) && !numbersAreNoTokens(s)) &&
    s !== STRING_MAP_TOKEN_VALUE &&
    s !== ANY_MAP_TOKEN_VALUE
  );
}

/**
 * cdktf looks up every number it finds in a string (an id such as `subnet-0a1b2c3d4e5f6`, "4e5")
 * as a number token (resolve.js, TokenString.forNumbers) and keeps the text of those that are
 * none: the string resolves to itself when none of them can be one.
 */
function numbersAreNoTokens(s: string): boolean {
  for (const match of s.matchAll(NUMBER_TOKENS)) {
    const n = parseFloat(match[0]);
    if (!(Math.abs(n) < NO_TOKEN_BELOW) && !Number.isNaN(n)) return false;
  }
  return true;
}

/** A number cdktf's resolver returns as it is: tokens are encoded as doubles far beyond 2^53. */
function plainNumber(n: number): boolean {
  return Number.isSafeInteger(n) && n !== NUMBER_MAP_TOKEN_VALUE;
}

/** A string token (encoding.js, STRING_TOKEN_REGEX). */
const STRING_TOKEN = /\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}/g;
/** cdktf's class of references to an attribute of a resource or data source (tfExpression.js). */
const Reference = (tfRef("x") as object).constructor;

/** cdktf's class of `depends_on` entries (tfExpression.js, not exported). */
const Dependable = dependableClass();

interface ReferenceInternals {
  readonly identifier: string;
  readonly crossStackIdentifier: Record<string, string>;
}

function dependableClass(): unknown {
  // Found through a token, which is then forgotten.
  const mark = tokenMark();
  const token = Tokenization.reverseString(tfDependable({ fqn: "x" }))
    .firstToken as object;
  releaseTokensSince(mark);
  return token.constructor;
}

/**
 * Whether the resolution under way is one that references may be resolved for (set while
 * withFastResolve's Tokenization.resolve runs; see referencesResolvable).
 */
let referencesHere = false;

/**
 * Whether references can be resolved here for cdktf (referenceString): resolution for synthesis
 * (not cdktf's preparing pass, which looks for cross-stack references), by cdktf's own resolver
 * joining strings as strings (lib/_tokens.js).
 */
function referencesResolvable(options: ResolveOptions): boolean {
  const concat = (options.resolver as unknown as { concat?: object }).concat;
  return (
    !options.preparing &&
    options.resolver.constructor === DefaultTokenResolver &&
    concat?.constructor === StringConcat
  );
}

/**
 * Every `.arn`, `.name` of a resource is a string token for a reference (`${TfToken[...]}`), which
 * cdktf resolves through a tokenizer, contexts, its token resolver and string fragments, to
 * `${aws_iam_role.build_role.arn}` with the text around it. A string whose tokens are all such
 * references, with no braces before them (an escape sequence `${` before a reference makes cdktf
 * write it without its own), is resolved here to the same text; anything else is undefined, for
 * cdktf to resolve.
 */
function referenceString(s: string): string | undefined {
  let out = "";
  let last = 0;
  for (const match of s.matchAll(STRING_TOKEN)) {
    const literal = s.slice(last, match.index);
    if (literal.includes("{") || literal.includes("}")) return undefined;
    const token = lookup(match[1]);
    if (token === undefined) return undefined;
    if (token.constructor === Dependable) {
      // A `depends_on` entry: the resource's address, which may itself be a reference that cdktf
      // then resolves without braces.
      const fqn = (token as unknown as { dependable: { fqn: unknown } })
        .dependable.fqn;
      const address =
        typeof fqn !== "string"
          ? undefined
          : plainString(fqn)
            ? fqn
            : addressOf(fqn);
      if (address === undefined) return undefined;
      out += `${literal}${address}`;
    } else {
      const identifier = referenceIdentifier(token);
      if (identifier === undefined) return undefined;
      out += `${literal}\${${identifier}}`;
    }
    last = match.index + match[0].length;
  }
  if (last === 0) return undefined;
  // (Braces after the last token change nothing: cdktf writes them back as they were.)
  out += s.slice(last);
  // cdktf resolves what the references became once more, looking for number tokens.
  return out.includes("e") && NUMBER_TOKEN.test(out) && !numbersAreNoTokens(out)
    ? undefined
    : out;
}

/** The token of a key, or undefined where cdktf would fail (it then fails, from cdktf). */
function lookup(key: string): IResolvable | undefined {
  try {
    return TokenMap.instance().lookupToken(key);
  } catch {
    return undefined;
  }
}

/** The address a reference resolves to (without braces), or undefined if not a plain one. */
function referenceIdentifier(token: IResolvable): string | undefined {
  if (token.constructor !== Reference) return undefined;
  const reference = token as unknown as ReferenceInternals;
  // Set by the preparing pass only, for a reference from another stack.
  for (const _ in reference.crossStackIdentifier) return undefined;
  return reference.identifier;
}

/** One string token and nothing else. */
const WHOLE_STRING_TOKEN = /^\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}$/;

/** The address a string that is one reference and nothing else resolves to, without braces. */
function addressOf(s: string): string | undefined {
  const match = WHOLE_STRING_TOKEN.exec(s);
  const token = match ? lookup(match[1]) : undefined;
  const identifier = token ? referenceIdentifier(token) : undefined;
  return identifier !== undefined && plainString(identifier)
    ? identifier
    : undefined;
}

/**
 * Inside an expression (a function's argument), where cdktf writes references without braces:
 * a string that is one reference, as cdktf renders it there (the address), or undefined.
 */
function bareReference(
  context: IResolveContext,
  s: string,
): string | undefined {
  return !referencesHere || context.preparing || context.suppressBraces !== true
    ? undefined
    : addressOf(s);
}

/** Text around references that cdktf's expression rendering copies as it is. */
const SIMPLE_TEXT = /^[^${}"\n]*$/;

/**
 * Inside an expression, a string of text and references (`arn:aws:s3:::${bucket}/*`): what cdktf
 * finally writes for it (TFExpression.resolveString wraps each token in `${...}` and quotes the
 * whole; the resolution of the expression's text then writes each reference there without its
 * braces), or undefined.
 */
function quotedReferences(
  context: IResolveContext,
  s: string,
): string | undefined {
  if (!referencesHere || context.preparing || context.suppressBraces !== true)
    return undefined;
  let out = `"`;
  let last = 0;
  for (const match of s.matchAll(STRING_TOKEN)) {
    const literal = s.slice(last, match.index);
    if (!SIMPLE_TEXT.test(literal)) return undefined;
    const token = lookup(match[1]);
    const identifier = token ? referenceIdentifier(token) : undefined;
    if (identifier === undefined || !plainString(identifier)) return undefined;
    out += `${literal}\${${identifier}}`;
    last = match.index + match[0].length;
  }
  const tail = s.slice(last);
  if (last === 0 || !SIMPLE_TEXT.test(tail)) return undefined;
  return `${out}${tail}"`;
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
    // List tokens are arrays holding a list-marked string or an encoded number; the members of
    // any other list cdktf resolves one by one, as here.
    if (value.some(listTokenElement)) return cdktf(value);
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

/**
 * What cdktf's Terraform expressions (lib/tfExpression.js: function calls such as `jsonencode`,
 * property access, operators) share: how they render an argument as Terraform expression text.
 */
interface TfExpression {
  resolveArg(
    this: TfExpression,
    context: IResolveContext,
    arg: unknown,
  ): unknown;
  resolveExpressionPart(context: IResolveContext, arg: unknown): unknown;
  resolveString(str: string, resolved: unknown): unknown;
  escapeString(str: string): string;
}

/** TFExpression.prototype, found through a function call (the class is not exported). */
function tfExpression(): TfExpression {
  const call = tfCall("jsonencode", []);
  const proto = Object.getPrototypeOf(
    Object.getPrototypeOf(call),
  ) as TfExpression;
  for (const method of [
    "resolveArg",
    "resolveExpressionPart",
    "resolveString",
    "escapeString",
  ] as const)
    if (!Object.prototype.hasOwnProperty.call(proto, method))
      throw new Error(
        `cdktf's TFExpression is not what fast-resolve.ts expects (${method})`,
      );
  return proto;
}

/**
 * cdktf's TFExpression.resolveArg (lib/tfExpression.js) renders a document argument (the
 * `jsonencode()` of every policy) by resolving it whole, then each of its members again, at every
 * level: work that grows with the document's depth times its size. Here the same text is built in
 * one walk: plain data is rendered as cdktf renders it, every string that is or may hold a token is
 * resolved once and rendered by cdktf's own code, and anything else (a resolvable value, a list
 * with token elements, a key cdktf would resolve) goes to cdktf's resolveArg whole.
 */
function renderArg(
  self: TfExpression,
  original: TfExpression["resolveArg"],
  context: IResolveContext,
  arg: unknown,
  depth: number,
): unknown {
  const cdktf = () => original.call(self, context, arg);
  if (depth > MAX_DEPTH) return cdktf();
  switch (typeof arg) {
    case "undefined":
    case "boolean":
      return arg;
    case "string":
      return plainString(arg)
        ? quoted(self, arg)
        : (bareReference(context, arg) ??
            quotedReferences(context, arg) ??
            stringArg(self, context, arg, context.resolve(arg)));
    case "number":
      return plainNumber(arg) ? arg : cdktf();
    case "object":
      break;
    default:
      return cdktf();
  }
  if (arg === null) return null;
  if (arg instanceof Date) return cdktf();
  if (Array.isArray(arg)) {
    if (arg.some(listTokenElement)) return cdktf();
    const parts: unknown[] = [];
    for (const x of arg) {
      const rendered = member(self, original, context, x, depth);
      // cdktf pairs the resolved list's positions with the given list's: a member that resolves
      // to nothing shifts them, which only cdktf's own code reproduces.
      if (rendered === NOTHING) return cdktf();
      parts.push(rendered);
    }
    return `[${parts.join(", ")}]`;
  }
  if (Tokenization.isResolvable(arg) || Construct.isConstruct(arg))
    return cdktf();
  const keys = Object.keys(arg);
  if (!keys.every(plainString)) return cdktf();
  const parts: string[] = [];
  for (const key of keys) {
    const rendered = member(
      self,
      original,
      context,
      (arg as Record<string, unknown>)[key],
      depth,
    );
    // cdktf leaves out a member that resolves to nothing.
    if (rendered !== NOTHING) parts.push(`"${key}" = ${rendered}`);
  }
  return `{${parts.join(", ")}}`;
}

/** What a list or map member that resolves to nothing renders as: cdktf leaves it out. */
const NOTHING = Symbol("nothing");

/** A member of a list or map, rendered: NOTHING when it resolves to undefined. */
function member(
  self: TfExpression,
  original: TfExpression["resolveArg"],
  context: IResolveContext,
  value: unknown,
  depth: number,
): unknown {
  if (value === undefined) return NOTHING;
  if (typeof value === "string" && !plainString(value)) {
    const reference =
      bareReference(context, value) ?? quotedReferences(context, value);
    if (reference !== undefined) return reference;
    // Resolved once, for both questions.
    const resolved = context.resolve(value);
    return resolved === undefined
      ? NOTHING
      : stringArg(self, context, value, resolved);
  }
  if (mayResolveToNothing(value) && context.resolve(value) === undefined)
    return NOTHING;
  return renderArg(self, original, context, value, depth + 1);
}

/** cdktf's resolveArg for a string, given what the string resolves to. */
function stringArg(
  self: TfExpression,
  context: IResolveContext,
  arg: string,
  resolved: unknown,
): unknown {
  const str = self.resolveString(arg, resolved);
  return typeof str !== "string"
    ? self.resolveExpressionPart(context, str)
    : str;
}

/** cdktf's resolveString for a string that holds no token (it resolves to itself). */
function quoted(self: TfExpression, s: string): string {
  return s !== `"` && s.startsWith(`"`) && s.endsWith(`"`)
    ? self.escapeString(s)
    : `"${self.escapeString(s)}"`;
}

/**
 * An element that makes cdktf treat the whole list as a list token (encoding.js,
 * containsStringListTokenElement and containsNumberListTokenElement), or may.
 */
function listTokenElement(x: unknown): boolean {
  return typeof x === "string"
    ? x.includes(LIST_TOKEN_MARKER)
    : typeof x === "number" && !plainNumber(x);
}

/** cdktf's list token marker (encoding.js, BEGIN_LIST_TOKEN_MARKER). */
const LIST_TOKEN_MARKER = "#{TfToken[";

/** A value whose resolution may be undefined: a token (plain data never resolves to nothing). */
function mayResolveToNothing(value: unknown): boolean {
  switch (typeof value) {
    case "string":
      return !plainString(value);
    case "number":
      return !plainNumber(value);
    case "object":
      return value !== null && Tokenization.isResolvable(value);
    default:
      return false;
  }
}
