/** Test support: synthesize a catalogue the way main.ts does, and read the stack JSON. */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import type { Catalogue } from "../../config/catalogue";
import { loadCatalogue } from "../../config/load-catalogue";
import { synthesize } from "../../constructs/delivery-app";
import { documentsAsJson } from "./jsonencode";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const FIXTURES = path.join(__dirname, "..", "fixtures");
/**
 * The tests' copy of the catalogue the project ships as config/services.yaml. No test reads
 * config/services.yaml: that file is the user's, and `npm test` passes whatever it holds.
 */
export const EXAMPLE = path.join(FIXTURES, "valid", "example.yaml");

export function load(text: string, file = "services.yaml"): Catalogue {
  return loadCatalogue(text, file);
}

/** Synthesizes every stack; returns the cdk.tf.json texts by stack name (and the manifest). */
export function synthTexts(
  catalogue: Catalogue,
  options: { manifest?: boolean; fast?: boolean; batchSize?: number } = {},
): Record<string, string> {
  const outdir = mkdtempSync(path.join(tmpdir(), "synth-"));
  try {
    synthesize(catalogue, {
      outdir,
      statePath: (stack) => `../../../terraform.${stack}.tfstate`,
      fast: options.fast ?? true,
      batchSize: options.batchSize,
    });
    const out: Record<string, string> = {};
    if (options.manifest)
      out["manifest.json"] = readFileSync(
        path.join(outdir, "manifest.json"),
        "utf8",
      );
    for (const stack of readdirSync(path.join(outdir, "stacks"))) {
      out[stack] = readFileSync(
        path.join(outdir, "stacks", stack, "cdk.tf.json"),
        "utf8",
      );
    }
    return out;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes every stack; returns the parsed cdk.tf.json by stack name, with each
 * `${jsonencode(document)}` (policies, event patterns) read back as the document's JSON text.
 */
export function synthStacks(catalogue: Catalogue): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(synthTexts(catalogue)).map(([k, v]) => [
      k,
      documentsAsJson(JSON.parse(v)),
    ]),
  );
}

/** A resource of a stack, without cdktf's "//" metadata. */
export function resource(stack: Json, type: string, name: string): Json {
  const value = stack.resource?.[type]?.[name];
  if (value === undefined) {
    throw new Error(
      `no ${type}.${name}; has ${Object.keys(stack.resource?.[type] ?? {}).join(", ") || "none of that type"}`,
    );
  }
  return strip(value);
}

export function data(stack: Json, type: string, name: string): Json {
  const value = stack.data?.[type]?.[name];
  if (value === undefined) throw new Error(`no data.${type}.${name}`);
  return strip(value);
}

export function strip(value: Json): Json {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "//")
        .map(([k, v]) => [k, strip(v)]),
    );
  }
  return value;
}

/** Terraform addresses (type.name) of a stack's resources. */
export function addresses(stack: Json): string[] {
  return Object.entries(stack.resource ?? {}).flatMap(([type, byName]) =>
    Object.keys(byName as object).map((n) => `${type}.${n}`),
  );
}

/** The statements of a policy document string, by Sid. */
export function statements(policy: string): Record<string, Json> {
  const doc = JSON.parse(policy);
  expect(doc.Version).toBe("2012-10-17");
  const out: Record<string, Json> = {};
  for (const s of doc.Statement) {
    expect(out[s.Sid]).toBeUndefined();
    out[s.Sid] = s;
  }
  return out;
}

/** A minimal valid catalogue, as YAML, with optional extra text appended. */
export const MINIMAL = `version: 1
organisation: acme
region: eu-west-1
connections:
  github: { provider: GitHub }
services:
  api:
    source: { connection: github, repository: acme/api }
    environments:
      prod: {}
`;

export const ACCOUNT = "${data.aws_caller_identity.current.account_id}";
export const KEY = "${data.aws_kms_alias.catalogue-key.target_key_arn}";
