import { createHash } from "crypto";
import { Fn, Token } from "./cdktf";

/**
 * Literal text inside Terraform strings: "${" and "%{" start template sequences, so text that
 * contains them (shell scripts, user values) is escaped as "$${" and "%%{". Strings carrying
 * cdktf tokens (references) are left alone: their "${" is meant.
 * https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences
 */
export function escapeTerraform(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
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

/**
 * A JSON document for a resource argument (policies, event patterns) whose strings may carry
 * references: Terraform's `jsonencode()` of it, so the references stay expressions and both
 * `cdk.tf.json` and the `cdktf synth --hcl` output are valid. JSON.stringify around references
 * gives a string the HCL writer cannot quote (https://github.com/hashicorp/terraform-cdk/issues/3911).
 * cdktf escapes neither `"`, `\`, control characters nor `%{` in the string literals it writes inside
 * a function call, so those are refused here; no ARN, action, name or condition value of this app
 * contains them (the catalogue's name rules).
 * https://developer.hashicorp.com/terraform/language/functions/jsonencode
 */
export function jsonencode(value: unknown): string {
  const text = JSON.stringify(value);
  // In JSON text a quote, backslash or control character shows as a backslash escape.
  if (/\\|%\{/.test(text)) {
    throw new Error(
      `cannot write this document inside jsonencode() (it holds a quote, backslash, control character or "%{"): ${text}`,
    );
  }
  return Fn.jsonencode(value);
}
