import { createHash } from "crypto";
import { Token } from "cdktf";

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
