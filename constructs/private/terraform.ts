import { createHash } from "crypto";
import { Fn, Token } from "./cdktf";
import { escapeTemplate } from "../../plan/terraform-text";

/**
 * Literal text inside Terraform strings: "${" and "%{" start template sequences, so text that
 * contains them (shell scripts, user values) is escaped as "$${" and "%%{". Strings carrying
 * cdktf tokens (references) are left alone: their "${" is meant.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTerraform(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return escapeTemplate(text);
}

/**
 * A construct id (and so a Terraform address) for a free-form name such as a secret name: its
 * safe characters plus a short hash of the whole, so it is a pure function of the name.
 */
export function constructIdFor(name: string): string {
  const safe = name
    .replace(/[^A-Za-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return `${safe}-${createHash("sha256").update(name).digest("hex").slice(0, 8)}`;
}

/** The Terraform name of an element at this construct path below its DeliveryStack (DeliveryStack.allocateLogicalId). */
export function logicalIdOf(path: readonly string[]): string {
  return path.join("_");
}

/**
 * The address (`<type>.<name>`) of a resource at this construct path below its DeliveryStack:
 * what a `removed` block names, derived the way the live resource got it.
 */
export function resourceAddress(type: string, path: readonly string[]): string {
  return `${type}.${logicalIdOf(path)}`;
}

/**
 * A JSON document for a resource argument (policies, event patterns) whose strings may carry
 * references: Terraform's `jsonencode()` of it, so the references stay expressions and both
 * `cdk.tf.json` and the `cdktf synth --hcl` output are valid. JSON.stringify around references
 * gives a string the HCL writer cannot quote (https://github.com/hashicorp/terraform-cdk/issues/3911).
 * https://developer.hashicorp.com/terraform/language/functions/jsonencode
 */
export function jsonencode(value: unknown): string {
  return Fn.jsonencode(escapeLiterals(value));
}

/**
 * cdktf writes the string literals (and object keys) of a function call between quotes, escaping
 * newlines and "${" but not quotes, backslashes, other control characters or "%{"; those are
 * escaped here, so any value (an S3 key may hold any of them) reaches Terraform as it was.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
function escapeLiterals(value: unknown): unknown {
  if (typeof value === "string") return escapeString(value);
  if (Array.isArray(value)) return value.map(escapeLiterals);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[escapeString(k)] = escapeLiterals(v);
    return out;
  }
  return value;
}

/** One string literal or object key, escaped as escapeLiterals says. */
function escapeString(value: string): string {
  // Most strings (actions, ARNs, names) hold nothing to escape.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/%\{/g, "%%{")
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0009\u000b-\u001f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
}

/** What escapeLiterals changes: backslashes, quotes, `%{` and control characters but newline. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\\"\u0000-\u0009\u000b-\u001f]|%\{/;
