/**
 * The Beanstalk target's catalogue rules: instances, platform, certificates, network, CNAME
 * prefixes and environment properties. Moved whole from config/validate-rules.ts; they run after
 * its RULES (config/load-catalogue.ts), through the target's registry entry.
 */
import { DEFAULTS } from "../../config/defaults";
import type { Rule } from "../../config/validate-rules";
import { isRetired, reportMerged } from "../../config/validate-rules";
import { parseSecretRef } from "../../plan/secrets";
import { SECRET_PLATFORMS } from "./platform";

type Obj = Record<string, unknown>;

/**
 * Images are built on CodeBuild's LINUX_CONTAINER environment, which is x86_64 (the ARM
 * environment is ARM_CONTAINER with its own images), so they run on x86_64 instances only.
 * AWS Graviton (arm64) instance types carry a "g" processor letter right after the generation
 * (t4g, m7g, c6gn, r8gd, im4gn, g5g), or are the first-generation a1.
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/instance-type-names.html
 * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-compute-types.html
 */
const GRAVITON_FAMILY = /^(?:[a-z]+\d+g[a-z-]*|a1)$/;

/** An x86_64 type of the same size, where AWS offers the obvious one (t4g -> t3, m7g -> m7i). */
function x86Twin(type: string): string | undefined {
  const [family, size] = type.split(".");
  if (family === "t4g") return `t3.${size}`;
  const plain = /^([mcr][678])g$/.exec(family);
  return plain ? `${plain[1]}i.${size}` : undefined;
}

const PLATFORM =
  /^64bit Amazon Linux (2023|2) v(\d+)\.(\d+)\.(\d+) running Docker$/;

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * A pinned platform must be new enough for the secrets its environment is given: Beanstalk
 * resolves them on the instance, and an older platform leaves the variables unset. The
 * versions and their sources are in SECRET_PLATFORMS (./platform.ts). Without a pinned
 * platform the newest Docker platform is used, which reads both forms.
 */
export const platformSupportsSecrets: Rule = (ctx) => {
  const region = (ctx.raw.region as string | undefined) ?? "";
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const platform = env.merged.get<string>(["platform"]);
      const secrets = env.merged.get<Obj>(["secrets"]) ?? {};
      const match = platform === undefined ? null : PLATFORM.exec(platform);
      if (!match || Object.keys(secrets).length === 0) continue;
      const linux = match[1] as "2023" | "2";
      const version = match.slice(2, 5).map(Number);
      const withKey = Object.keys(secrets).find((name) => {
        const ref = parseSecretRef(String(secrets[name]), region);
        return (
          typeof ref !== "string" &&
          ref.store === "secretsmanager" &&
          ref.jsonKey !== undefined
        );
      });
      const form =
        withKey === undefined
          ? SECRET_PLATFORMS.secrets
          : SECRET_PLATFORMS.jsonKey;
      const of =
        withKey === undefined
          ? "environment secrets"
          : `the JSON key in secrets.${withKey}`;
      const got = `got Amazon Linux ${linux} v${version.join(".")}`;
      const minimum = (form.minimum as Partial<Record<string, string>>)[linux];
      if (minimum === undefined) {
        reportMerged(
          ctx,
          env,
          ["platform"],
          `cannot read ${of}, ${got} (${form.what} are documented for Amazon Linux 2023 only: v${form.minimum["2023"]} or later, released on or after ${form.released})`,
        );
      } else if (compareVersions(version, minimum.split(".").map(Number)) < 0) {
        reportMerged(
          ctx,
          env,
          ["platform"],
          `is too old for ${of}, ${got} (${form.what} need a platform released on or after ${form.released}: Amazon Linux ${linux} v${minimum} or later; or leave platform out for the newest)`,
        );
      }
    }
  }
};

export const instanceArchitecture: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const types = env.merged.get<string[]>(["instanceTypes"]) ?? [];
      types.forEach((type, index) => {
        if (!GRAVITON_FAMILY.test(type.split(".")[0])) return;
        const twin = x86Twin(type);
        reportMerged(
          ctx,
          env,
          ["instanceTypes", index],
          `must be an x86_64 instance type (builds produce x86_64 images), got ${type}, an arm64 (Graviton) type${twin ? ` (such as ${twin} instead)` : ""}`,
        );
      });
    }
  }
};

export const instanceCounts: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const min =
        env.merged.get<number>(["minInstances"]) ??
        DEFAULTS.environment.minInstances;
      const max =
        env.merged.get<number>(["maxInstances"]) ??
        DEFAULTS.environment.maxInstances;
      if (min <= max) continue;
      if (env.merged.get(["maxInstances"]) === undefined) {
        reportMerged(
          ctx,
          env,
          ["minInstances"],
          `must be at most maxInstances (default ${max}), got ${min}`,
        );
      } else {
        reportMerged(
          ctx,
          env,
          ["maxInstances"],
          `must be at least minInstances (${min}), got ${max}`,
        );
      }
    }
  }
};

export const certificateInRegion: Rule = (ctx) => {
  const region = ctx.raw.region as string | undefined;
  if (region === undefined) return;
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const arn = env.merged.get<string>(["https", "certificateArn"]);
      if (arn !== undefined && arn.split(":")[3] !== region) {
        reportMerged(
          ctx,
          env,
          ["https", "certificateArn"],
          `the certificate must be in the catalogue's region ${region}, got ${arn.split(":")[3]}`,
        );
      }
    }
  }
};

/**
 * Beanstalk needs the instance subnets whenever it is told which VPC to use, and subnets only
 * mean something with their VPC. Checked on the merged network (top level, defaults, environment).
 * A network that overrides vpcId overrides the subnets too: the inherited ones are in the VPC
 * they were written with, and Beanstalk refuses subnets of another VPC (aws:ec2:vpc Subnets,
 * ELBSubnets: https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html#command-options-general-ec2vpc).
 */
export const networkComplete: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const network = env.merged.get<Obj>(["network"]);
      if (network === undefined) continue;
      if (
        network.vpcId !== undefined &&
        network.instanceSubnets === undefined
      ) {
        reportMerged(
          ctx,
          env,
          ["network", "vpcId"],
          "needs instanceSubnets (the subnets of the instances in this VPC)",
        );
      }
      for (const key of ["instanceSubnets", "loadBalancerSubnets"]) {
        if (network[key] !== undefined && network.vpcId === undefined) {
          reportMerged(
            ctx,
            env,
            ["network", key],
            "needs vpcId (the VPC these subnets are in)",
          );
        }
      }
      const vpcLayer = env.merged.layerOf(["network", "vpcId"]);
      const stale = ["instanceSubnets", "loadBalancerSubnets"].filter((key) => {
        const layer = env.merged.layerOf(["network", key]);
        if (layer < 0 || layer >= vpcLayer) return false;
        // Subnets written without a VPC are reported as such (needs vpcId) where they are used.
        const vpc = env.merged.inLayer(layer, ["network", "vpcId"]);
        return vpc !== undefined && vpc !== network.vpcId;
      });
      if (stale.length > 0) {
        const layer = env.merged.layerOf(["network", stale[0]]);
        const from = env.merged.origin(["network", stale[0]]).slice(0, -1);
        const vpc = env.merged.inLayer<string>(layer, ["network", "vpcId"]);
        const subnets = stale.join(" and ");
        reportMerged(
          ctx,
          env,
          ["network", "vpcId"],
          `overrides the VPC, got ${String(network.vpcId)}, but takes ${subnets} from ${from.join(".")}, subnets of ${vpc}; ` +
            `give ${subnets} of ${String(network.vpcId)} beside it`,
        );
      }
    }
  }
};

export const cnamePrefixUnique: Rule = (ctx) => {
  const seen = new Map<string, string>();
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const prefix = env.merged.get<string>(["cnamePrefix"]);
      if (prefix === undefined) continue;
      const where = [...env.path].join(".");
      // A live environment taking a retired one's prefix: cnameOfRetired says what to do.
      const key = `${isRetired(image)}\u0000${prefix.toLowerCase()}`;
      const first = seen.get(key);
      if (first !== undefined)
        reportMerged(
          ctx,
          env,
          ["cnamePrefix"],
          `"${prefix}" is already the cnamePrefix of ${first}`,
        );
      else seen.set(key, where);
    }
  }
};

/**
 * A retired environment keeps its CNAME until the apply that destroys it, and stacks apply in
 * any order: a live environment may not ask for it while the retired entry is in the catalogue.
 * Only cnamePrefix names a CNAME: without one, Beanstalk appends a random string to the
 * environment name, which nothing can collide with.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html (CNAMEPrefix)
 */
export const cnameOfRetired: Rule = (ctx) => {
  const retired = new Map<string, string>();
  for (const image of ctx.images.filter(isRetired)) {
    for (const env of image.environments) {
      const prefix = env.merged.get<string>(["cnamePrefix"]);
      if (prefix !== undefined)
        retired.set(prefix.toLowerCase(), [...env.path].join("."));
    }
  }
  for (const image of ctx.images.filter((i) => !isRetired(i))) {
    for (const env of image.environments) {
      const prefix = env.merged.get<string>(["cnamePrefix"]);
      const owner = prefix && retired.get(prefix.toLowerCase());
      if (!owner) continue;
      reportMerged(
        ctx,
        env,
        ["cnamePrefix"],
        `"${prefix}" is the cnamePrefix of retired ${owner}, whose environment holds it until the retirement is applied; apply it, delete the retired entry, then take the prefix`,
      );
    }
  }
};

/**
 * Beanstalk's limits on environment properties: names up to 128 characters, values up to 256,
 * and all of them together, written as key=value, up to 4,096 bytes.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/environments-cfg-softwaresettings.html
 */
export const beanstalkVariableLimits: Rule = (ctx) => {
  for (const image of ctx.images) {
    for (const env of image.environments) {
      const variables = env.merged.get<Obj>(["variables"]) ?? {};
      let total = 0;
      for (const [name, value] of Object.entries(variables)) {
        const text = String(value);
        total += Buffer.byteLength(`${name}=${text}`);
        if (name.length > 128)
          reportMerged(
            ctx,
            env,
            ["variables", name],
            `Beanstalk allows names of up to 128 characters, got ${name.length}`,
          );
        if (text.length > 256)
          reportMerged(
            ctx,
            env,
            ["variables", name],
            `Beanstalk allows values of up to 256 characters, got ${text.length}`,
          );
      }
      if (total > 4096) {
        ctx.report(
          [...env.path, "variables"],
          `Beanstalk allows 4096 bytes of variables (as key=value) per environment, got ${total}`,
        );
      }
    }
  }
};

/** The target's rules, in the order they ran among the catalogue's rules. */
export const BEANSTALK_RULES: readonly Rule[] = [
  platformSupportsSecrets,
  instanceArchitecture,
  instanceCounts,
  certificateInRegion,
  networkComplete,
  cnamePrefixUnique,
  cnameOfRetired,
  beanstalkVariableLimits,
];
