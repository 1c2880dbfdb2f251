/**
 * The pieces of `npm run validate` (scripts/validate.ts) that decide rather than run: where the
 * AWS provider comes from, the CLI configuration for it, the v6 spellings an older provider needs
 * mapped, and how a diagnostic is shown. Pure but for reading directories; tested in
 * __tests__/validate-test.ts.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { homedir } from "os";
import * as path from "path";

export const PROVIDER = "registry.terraform.io/hashicorp/aws";

/** Terraform's name for this machine's platform: linux_amd64, darwin_arm64, windows_amd64. */
export function platform(
  os: string = process.platform,
  arch: string = process.arch,
): string {
  const osName = os === "win32" ? "windows" : os;
  const archName =
    ({ x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm" } as const)[
      arch as "x64"
    ] ?? arch;
  return `${osName}_${archName}`;
}

/** Compares "5.100.0" and "6.25.0" numerically (release versions only). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function major(version: string): number {
  return Number(version.split(".")[0]);
}

/**
 * The AWS provider versions a filesystem mirror holds for this platform, newest first: unpacked
 * (`<host>/<namespace>/<type>/<version>/<os_arch>/`) or packed (`<host>/<namespace>/<type>/
 * terraform-provider-aws_<version>_<os_arch>.zip`).
 * https://developer.hashicorp.com/terraform/cli/config/config-file#filesystem_mirror
 */
export function mirrorVersions(dir: string, os_arch = platform()): string[] {
  const base = path.join(dir, ...PROVIDER.split("/"));
  let entries: string[];
  try {
    entries = readdirSync(base);
  } catch {
    return [];
  }
  const versions = new Set<string>();
  for (const entry of entries) {
    if (/^\d+\.\d+\.\d+$/.test(entry)) {
      if (existsSync(path.join(base, entry, os_arch))) versions.add(entry);
      continue;
    }
    const packed = /^terraform-provider-aws_(\d+\.\d+\.\d+)_(.+)\.zip$/.exec(
      entry,
    );
    if (packed && packed[2] === os_arch) versions.add(packed[1]);
  }
  return [...versions].sort(compareVersions).reverse();
}

/** The `filesystem_mirror` paths a CLI configuration file names. */
export function mirrorsInCliConfig(text: string): string[] {
  return [
    ...text.matchAll(/filesystem_mirror\s*\{[^}]*?\bpath\s*=\s*"([^"]+)"/g),
  ].map((m) => m[1]);
}

export interface Mirror {
  readonly dir: string;
  /** Where it was found, for the report. */
  readonly how: string;
  /** Newest first. */
  readonly versions: readonly string[];
}

export interface MirrorSearch {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  /** @default usualMirrorDirs() */
  readonly dirs?: readonly string[];
}

/**
 * The places Terraform itself looks for local providers, plus this project's machines' mirror.
 * https://developer.hashicorp.com/terraform/cli/config/config-file#implied-local-mirror-directories
 */
export function usualMirrorDirs({ env, home }: MirrorSearch): string[] {
  return [
    "/opt/tf-plugins",
    path.join(home, ".terraform.d", "plugins"),
    path.join(
      env.XDG_DATA_HOME ?? path.join(home, ".local", "share"),
      "terraform",
      "plugins",
    ),
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
  ];
}

/**
 * Where the AWS provider comes from: TF_PROVIDER_MIRROR (a filesystem mirror; an error if it
 * holds no AWS provider), else a `filesystem_mirror` of the user's CLI configuration
 * (TF_CLI_CONFIG_FILE or ~/.terraformrc), else the first usual directory holding one. Undefined:
 * the registry.
 */
export function findMirror(
  search: MirrorSearch = { env: process.env, home: homedir() },
): Mirror | undefined {
  const { env, home } = search;
  const given = env.TF_PROVIDER_MIRROR;
  if (given) {
    const versions = mirrorVersions(path.resolve(given));
    if (versions.length === 0) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${given} holds no ${PROVIDER} provider for ${platform()} (expected ${PROVIDER}/<version>/${platform()}/ below it)`,
      );
    }
    return { dir: path.resolve(given), how: "TF_PROVIDER_MIRROR", versions };
  }
  const configFile = env.TF_CLI_CONFIG_FILE || path.join(home, ".terraformrc");
  if (existsSync(configFile) && statSync(configFile).isFile()) {
    for (const dir of mirrorsInCliConfig(readFileSync(configFile, "utf8"))) {
      const versions = mirrorVersions(dir);
      if (versions.length > 0)
        return { dir, how: `the filesystem_mirror of ${configFile}`, versions };
    }
  }
  for (const dir of search.dirs ?? usualMirrorDirs(search)) {
    const versions = mirrorVersions(dir);
    if (versions.length > 0)
      return { dir, how: "found on this machine", versions };
  }
  return undefined;
}

/** Terraform's CLI configuration for the run: the mirror (if any) and one shared plugin cache. */
export function cliConfig(
  mirror: Mirror | undefined,
  pluginCacheDir: string,
): string {
  const installation = mirror
    ? `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror.dir)}
    include = [${JSON.stringify(PROVIDER)}]
  }
  direct {
    exclude = [${JSON.stringify(PROVIDER)}]
  }
}
`
    : "";
  return `${installation}plugin_cache_dir = ${JSON.stringify(pluginCacheDir)}\n`;
}

/**
 * One v6-only spelling an older provider does not know, mapped to its v5 equivalent in the copy
 * being validated. The synthesized output itself is never changed.
 */
export interface Mapping {
  readonly stack: string;
  readonly address: string;
  readonly change: string;
}

/**
 * ECR's tag-mutability exclusions came with AWS provider 6.x (hashicorp/terraform-provider-aws
 * #43569); v5 knows neither the `image_tag_mutability_exclusion_filter` block nor the
 * `*_WITH_EXCLUSION` values. The v5 equivalent that keeps every other argument under validation:
 * the base value (IMMUTABLE/MUTABLE), no block.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_tag_mutability_exclusion_filter
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
 */
const EXCLUSION_BLOCK = "image_tag_mutability_exclusion_filter";
const WITH_EXCLUSION = /^(IMMUTABLE|MUTABLE)_WITH_EXCLUSION$/;

/**
 * AWS provider 6 gave every regional resource a `region` argument, its region when not the
 * provider's (hashicorp/terraform-provider-aws "Enhanced Region Support"); v5 has none. The
 * resources this app places elsewhere (the Slack channel configuration, in a region where
 * Chatbot's API answers: plan/notifications.ts chatbotRegion) are validated without it, as if
 * in the provider's region: every other argument stays under validation.
 * https://hashicorp.github.io/terraform-provider-aws/enhanced-region-support
 */
const REGION_V6_ONLY = ["aws_chatbot_slack_channel_configuration"];
const regionChange = (region: string) =>
  `region "${region}" dropped (v5 has no per-resource region)`;

/** Maps the v6-only spellings of one stack's cdk.tf.json document (in place). */
export function mapJsonToV5(
  stack: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  document: any,
): Mapping[] {
  const applied: Mapping[] = [];
  const repositories = document.resource?.aws_ecr_repository ?? {};
  for (const [name, repository] of Object.entries<Record<string, unknown>>(
    repositories,
  )) {
    const address = `aws_ecr_repository.${name}`;
    const mutability = repository.image_tag_mutability;
    if (typeof mutability === "string" && WITH_EXCLUSION.test(mutability)) {
      const v5 = mutability.replace(WITH_EXCLUSION, "$1");
      repository.image_tag_mutability = v5;
      applied.push({
        stack,
        address,
        change: `image_tag_mutability "${mutability}" -> "${v5}"`,
      });
    }
    if (EXCLUSION_BLOCK in repository) {
      const filters = ([] as unknown[]).concat(repository[EXCLUSION_BLOCK]);
      delete repository[EXCLUSION_BLOCK];
      applied.push({
        stack,
        address,
        change: `${EXCLUSION_BLOCK} dropped (${filters.map((f) => JSON.stringify(f)).join(", ")})`,
      });
    }
  }
  for (const type of REGION_V6_ONLY) {
    for (const [name, body] of Object.entries<Record<string, unknown>>(
      document.resource?.[type] ?? {},
    )) {
      if (typeof body.region !== "string") continue;
      applied.push({
        stack,
        address: `${type}.${name}`,
        change: regionChange(body.region),
      });
      delete body.region;
    }
  }
  return applied;
}

/** Maps the v6-only spellings of one stack's formatted cdk.tf. */
export function mapHclToV5(
  stack: string,
  text: string,
): { text: string; applied: Mapping[] } {
  const applied: Mapping[] = [];
  const out: string[] = [];
  const lines = text.split("\n");
  let address = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const block = /^(resource|data) "([^"]+)" "([^"]+)" \{$/.exec(line);
    if (block) {
      address = `${block[1] === "data" ? "data." : ""}${block[2]}.${block[3]}`;
    }
    const region = /^ {2}region\s*=\s*"([^"]*)"\s*$/.exec(line);
    if (region && REGION_V6_ONLY.includes(address.split(".")[0])) {
      applied.push({ stack, address, change: regionChange(region[1]) });
      continue;
    }
    if (address.startsWith("aws_ecr_repository.")) {
      if (new RegExp(`^\\s*${EXCLUSION_BLOCK}\\s*\\{\\s*$`).test(line)) {
        const body: string[] = [];
        let depth = 0;
        for (; i < lines.length; i++) {
          depth += (lines[i].match(/\{/g) ?? []).length;
          depth -= (lines[i].match(/\}/g) ?? []).length;
          body.push(lines[i].trim());
          if (depth === 0) break;
        }
        applied.push({
          stack,
          address,
          change: `${EXCLUSION_BLOCK} dropped (${body.slice(1, -1).join(", ")})`,
        });
        continue;
      }
      const mutability =
        /^(\s*image_tag_mutability\s*=\s*)"((?:IMMUTABLE|MUTABLE)_WITH_EXCLUSION)"(.*)$/.exec(
          line,
        );
      if (mutability) {
        const v5 = mutability[2].replace(WITH_EXCLUSION, "$1");
        out.push(`${mutability[1]}"${v5}"${mutability[3]}`);
        applied.push({
          stack,
          address,
          change: `image_tag_mutability "${mutability[2]}" -> "${v5}"`,
        });
        continue;
      }
    }
    out.push(line);
  }
  return { text: out.join("\n"), applied };
}

/** One entry of `terraform validate -json`'s diagnostics. */
export interface Diagnostic {
  readonly severity: string;
  readonly summary: string;
  readonly detail?: string;
  readonly range?: {
    readonly filename: string;
    readonly start: { readonly line: number; readonly column: number };
  };
  readonly snippet?: { readonly context?: string | null };
}

/**
 * The address a diagnostic's context names: `resource.aws_x.y` (JSON) and `resource "aws_x" "y"`
 * (HCL) are both `aws_x.y`; data sources keep their `data.` prefix.
 */
export function addressOf(context: string | null | undefined): string {
  if (!context) return "";
  const hcl = /^(resource|data|provider|output|module) ((?:"[^"]*" ?)+)/.exec(
    context,
  );
  if (hcl) {
    const labels = [...hcl[2].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return [hcl[1] === "resource" ? "" : hcl[1], ...labels]
      .filter(Boolean)
      .join(".");
  }
  return context.replace(/^resource\./, "");
}

/** `<where>/<stack>/cdk.tf.json:441:9 aws_ecr_repository.x: error: summary: detail` */
export function formatDiagnostic(
  where: string,
  stack: string,
  diagnostic: Diagnostic,
): string {
  const file = diagnostic.range
    ? `${path.posix.join(where, stack, diagnostic.range.filename)}:${diagnostic.range.start.line}:${diagnostic.range.start.column}`
    : path.posix.join(where, stack);
  const address = addressOf(diagnostic.snippet?.context);
  const detail = diagnostic.detail
    ? `: ${diagnostic.detail.replace(/\s+/g, " ").trim()}`
    : "";
  return `${file}${address ? ` ${address}` : ""}: ${diagnostic.severity}: ${diagnostic.summary}${detail}`;
}

/** The registry address of a `required_providers` source: "aws" -> registry.terraform.io/hashicorp/aws. */
export function providerAddress(source: string): string {
  const parts = source.split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${source}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/** The provider addresses a stack requires, read from its cdk.tf.json or cdk.tf. */
export function requiredProviders(
  file: "cdk.tf.json" | "cdk.tf",
  text: string,
): string[] {
  if (file === "cdk.tf.json") {
    const required = JSON.parse(text).terraform?.required_providers ?? {};
    return Object.entries(required).map(([name, p]) =>
      providerAddress((p as { source?: string }).source ?? name),
    );
  }
  // The top-level terraform block, up to its closing brace.
  const start = /^terraform \{/m.exec(text);
  if (!start) return [];
  let depth = 0;
  let end = start.index;
  for (let i = start.index; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) {
      end = i;
      break;
    }
  }
  return [
    ...text.slice(start.index, end).matchAll(/\bsource\s*=\s*"([^"]+)"/g),
  ].map((m) => providerAddress(m[1]));
}

/**
 * The providers of a stack this run cannot install. With a local mirror, the run's CLI
 * configuration (cliConfig) installs the AWS provider from it and anything else from the
 * registry, which a machine that relies on a mirror is taken not to reach: such a stack is
 * skipped, with the reason printed, rather than failing `terraform init`. The hashicorp/tfe
 * provider of the workspaces stack is one (its resources are pinned by __tests__/workspaces-test.ts
 * instead). Without a mirror, everything comes from the registry and nothing is skipped.
 */
export function unavailableProviders(
  required: readonly string[],
  mirror: Mirror | undefined,
): string[] {
  if (mirror === undefined) return [];
  return required.filter((address) => address !== PROVIDER);
}
