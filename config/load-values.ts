/**
 * Small loaders the catalogue's and the deploy targets' normalizers share: they read values the
 * shape validator and the rules have passed.
 */
import { parseSecretRef } from "../plan/secrets";
import type { SecretRef } from "./catalogue";

export type Obj = Record<string, unknown>;

/** NAME: "ssm:..." | "secretsmanager:..." as parsed references (checked by secret-references). */
export function loadSecrets(
  value: unknown,
  region: string,
): Record<string, SecretRef> {
  const out: Record<string, SecretRef> = {};
  for (const [name, text] of Object.entries((value ?? {}) as Obj)) {
    out[name] = parseSecretRef(text as string, region) as SecretRef; // validated by the secret-references rule
  }
  return out;
}

/** NAME: value, as written (the shape validator keeps numbers as their text). */
export function loadVariables(value: unknown): Record<string, string> {
  return (value ?? {}) as Record<string, string>;
}
