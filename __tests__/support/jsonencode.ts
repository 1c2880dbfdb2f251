/**
 * Test support: reads back the `${jsonencode(...)}` expressions the constructs write for policies
 * and event patterns (constructs/private/terraform.ts jsonencode), so tests can assert on the
 * document as IAM and EventBridge will receive it. Strict: anything outside the subset cdktf
 * writes (and `terraform fmt` reformats) throws rather than passing unread.
 */

/** A reference (`data.aws_caller_identity.current.account_id`) or keyword. */
const WORD =
  /[A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]+\])*/y;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * The value of an HCL expression built from objects, tuples, strings, numbers, booleans and
 * references. Strings keep their template sequences as written (`${...}`, `$${`); a bare
 * reference becomes the string "${reference}", as cdk.tf.json would spell it.
 */
export function decodeExpression(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new Error(
      `cannot read ${what} at ${at} of ${JSON.stringify(text.slice(0, 200))}`,
    );
  };
  const space = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const string = (): string => {
    at++; // opening quote
    let out = "";
    while (at < text.length) {
      const c = text[at];
      if (c === '"') {
        at++;
        return out;
      }
      if (c === "\\") {
        const next = text[at + 1];
        const escapes: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (
          next === "u" &&
          /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))
        ) {
          out += String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
          at += 6;
          continue;
        }
        if (!(next in escapes)) fail(`the escape \\${next}`);
        out += escapes[next];
        at += 2;
        continue;
      }
      if (text.startsWith("$${", at) || text.startsWith("%%{", at)) {
        out += text.slice(at, at + 3);
        at += 3;
        continue;
      }
      if (text.startsWith("${", at)) {
        // A template interpolation: copied as written, up to its closing brace.
        let depth = 0;
        const start = at;
        do {
          if (text[at] === "{") depth++;
          else if (text[at] === "}") depth--;
          at++;
        } while (depth > 0 && at < text.length);
        if (depth > 0) fail("an unterminated interpolation");
        out += text.slice(start, at);
        continue;
      }
      if (text.startsWith("%{", at)) fail("a template directive");
      out += c;
      at++;
    }
    return fail("an unterminated string");
  };
  const value = (): unknown => {
    space();
    const c = text[at];
    if (c === "{") {
      at++;
      const object: Record<string, unknown> = {};
      for (;;) {
        space();
        if (text[at] === "}") {
          at++;
          return object;
        }
        let key: string;
        if (text[at] === '"') key = string();
        else {
          WORD.lastIndex = at;
          const word = WORD.exec(text);
          if (!word) return fail("an object key");
          key = word[0];
          at += key.length;
        }
        space();
        if (text[at] !== "=" && text[at] !== ":") fail('"=" after a key');
        at++;
        if (key in object) fail(`the repeated key ${key}`);
        object[key] = value();
        space();
        if (text[at] === ",") at++;
      }
    }
    if (c === "[") {
      at++;
      const list: unknown[] = [];
      for (;;) {
        space();
        if (text[at] === "]") {
          at++;
          return list;
        }
        list.push(value());
        space();
        if (text[at] === ",") at++;
        else if (text[at] !== "]") fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    WORD.lastIndex = at;
    const word = WORD.exec(text);
    if (!word) return fail("a value");
    at += word[0].length;
    if (word[0] === "true") return true;
    if (word[0] === "false") return false;
    if (word[0] === "null") return null;
    return `\${${word[0]}}`;
  };
  const result = value();
  space();
  if (at !== text.length) fail("the end of the expression");
  return result;
}

const JSONENCODE = /^\$\{jsonencode\(([\s\S]*)\)\}$/;

/** The document inside `${jsonencode(...)}`, or undefined for any other string. */
export function decodeJsonencode(text: string): unknown {
  const match = JSONENCODE.exec(text);
  return match ? decodeExpression(match[1]) : undefined;
}

/**
 * A copy of synthesized JSON where every `${jsonencode(document)}` string is the document's JSON
 * text instead (what the attribute holds once Terraform has evaluated it, references aside).
 */
export function documentsAsJson<T>(value: T): T {
  if (typeof value === "string") {
    const document = decodeJsonencode(value);
    return (document === undefined ? value : JSON.stringify(document)) as T;
  }
  if (Array.isArray(value)) return value.map(documentsAsJson) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, documentsAsJson(v)]),
    ) as T;
  }
  return value;
}
