/**
 * parse (keeping line numbers) -> validate shape -> cross-key rules -> normalize,
 * or throw one CatalogueError listing every problem as `file:line:col yaml.path: message`.
 */
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseDocument,
} from "yaml";
import { parseSecretRef } from "../constructs/private/secrets";
import {
  BaseImage,
  Build,
  Catalogue,
  Connection,
  Environment,
  ImageSettings,
  Network,
  SecretRef,
  Service,
  Source,
} from "./catalogue";
import { DEFAULTS } from "./defaults";
import { isObject } from "./merge";
import { CATALOGUE_SCHEMA } from "./schema";
import { policySizeProblems } from "./validate-policies";
import { ShapeValidator } from "./validate-shape";
import { mergeImages, RULES } from "./validate-rules";
import { formatPath, Path } from "./yaml-path";

/** Every problem found in a catalogue, already formatted one per line. */
export class CatalogueError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "CatalogueError";
  }
}

interface Located {
  readonly offset: number;
  readonly path: Path;
  readonly message: string;
}

/**
 * Loads a catalogue from its text.
 * @param text the YAML
 * @param file the name shown in messages (as the user gave it)
 */
export function loadCatalogue(text: string, file: string): Catalogue {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    version: "1.2",
  });
  const problems: Located[] = [];
  const format = (p: Located) => {
    const { line, col } = lineCounter.linePos(p.offset);
    return {
      line,
      col,
      text: `${file}:${line}:${col} ${formatPath(p.path)}: ${p.message}`,
    };
  };
  const fail = (): never => {
    const lines = problems
      .map(format)
      .sort((a, b) => a.line - b.line || a.col - b.col);
    throw new CatalogueError([...new Set(lines.map((l) => l.text))]);
  };

  let recoverable = true;
  for (const error of doc.errors) {
    if (error.code !== "DUPLICATE_KEY") recoverable = false;
    const offset = error.pos[0];
    const message =
      error.code === "DUPLICATE_KEY"
        ? "duplicate key"
        : firstLine(error.message);
    problems.push({ offset, path: pathAt(doc, offset), message });
  }
  if (!recoverable) fail();

  const shape = new ShapeValidator(doc);
  const raw = shape.validate(CATALOGUE_SCHEMA);
  problems.push(...shape.issues);
  if (raw === undefined) fail();
  const value = raw as Record<string, unknown>;

  const images = mergeImages(value);
  for (const rule of RULES) {
    rule({
      raw: value,
      images,
      report: (path, message) =>
        problems.push({ offset: locate(doc, path), path, message }),
    });
  }
  if (problems.length > 0) fail();
  const catalogue = normalize(value, images);
  for (const { path, message } of policySizeProblems(catalogue)) {
    problems.push({ offset: locate(doc, path), path, message });
  }
  if (problems.length > 0) fail();
  return catalogue;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

/** Offset of the node at `path`, or of its nearest ancestor that exists. */
function locate(doc: Document, path: Path): number {
  let node = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const part of path) {
    if (node && isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && item.key.value === part,
      );
      if (!pair) break;
      // Point at the key of a map value (the line that names it), at the value of a scalar.
      const value = pair.value as Node | null;
      offset =
        value && isScalar(value)
          ? (value.range?.[0] ?? offset)
          : ((pair.key as Node).range?.[0] ?? offset);
      node = value;
    } else if (node && isSeq(node) && typeof part === "number") {
      const item = node.items[part] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

/** The path of the deepest node containing `offset` (for parser errors). */
function pathAt(doc: Document, offset: number): Path {
  const path: (string | number)[] = [];
  let node = doc.contents as Node | null;
  const within = (n: unknown) => {
    const range = (n as Node | null)?.range;
    return !!range && range[0] <= offset && offset <= range[2];
  };
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && (within(item.key) || within(item.value)),
      );
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      if (within(pair.key)) break;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item));
      if (index < 0) break;
      path.push(index);
      node = node.items[index] as Node;
    } else break;
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// Normalization: defaults applied, references parsed. Runs only on a valid catalogue.

type Obj = Record<string, unknown>;

function secrets(value: unknown, region: string): Record<string, SecretRef> {
  const out: Record<string, SecretRef> = {};
  for (const [name, text] of Object.entries((value ?? {}) as Obj)) {
    out[name] = parseSecretRef(text as string, region) as SecretRef; // validated by secretReferences
  }
  return out;
}

function source(value: Obj): Source {
  if (value.connection !== undefined) {
    return {
      kind: "connection",
      connection: value.connection as string,
      repository: value.repository as string,
      branch: (value.branch as string | undefined) ?? DEFAULTS.source.branch,
    };
  }
  if (value.codecommit !== undefined) {
    const cc = value.codecommit as Obj;
    return {
      kind: "codecommit",
      repository: cc.repository as string,
      branch: (cc.branch as string | undefined) ?? DEFAULTS.source.branch,
    };
  }
  const s3 = value.s3 as Obj;
  return { kind: "s3", bucket: s3.bucket as string, key: s3.key as string };
}

function build(value: Obj | undefined, region: string): Build {
  const b = { ...DEFAULTS.build, ...(value ?? {}) } as Obj;
  return {
    computeType: b.computeType as Build["computeType"],
    image: b.image as string,
    ...(b.customImage !== undefined && {
      customImage: b.customImage as string,
    }),
    privileged: b.privileged as boolean,
    timeoutMinutes: b.timeoutMinutes as number,
    ...(b.buildspec !== undefined && { buildspec: b.buildspec as string }),
    variables: (b.variables ?? {}) as Record<string, string>,
    secrets: secrets(b.secrets, region),
    cache: b.cache as Build["cache"],
  };
}

function image(value: Obj | undefined): ImageSettings {
  const i = { ...DEFAULTS.image, ...(value ?? {}) } as Obj;
  return {
    scanOnPush: i.scanOnPush as boolean,
    tagMutability: i.tagMutability as ImageSettings["tagMutability"],
    keepTagged: i.keepTagged as number,
    expireUntaggedDays: i.expireUntaggedDays as number,
    encryption: i.encryption as ImageSettings["encryption"],
    pullers: (i.pullers ?? []) as string[],
    pushers: (i.pushers ?? []) as string[],
  };
}

function network(value: Obj | undefined): Network {
  const n = value ?? {};
  return {
    ...(n.vpcId !== undefined && { vpcId: n.vpcId as string }),
    ...(n.instanceSubnets !== undefined && {
      instanceSubnets: n.instanceSubnets as string[],
    }),
    ...(n.loadBalancerSubnets !== undefined && {
      loadBalancerSubnets: n.loadBalancerSubnets as string[],
    }),
    loadBalancerScheme:
      (n.loadBalancerScheme as Network["loadBalancerScheme"] | undefined) ??
      DEFAULTS.network.loadBalancerScheme,
  };
}

function environment(name: string, value: Obj, region: string): Environment {
  const d = DEFAULTS.environment;
  const https = value.https as Obj | undefined;
  return {
    name,
    approval: (value.approval as boolean | undefined) ?? d.approval,
    ...(value.cnamePrefix !== undefined && {
      cnamePrefix: value.cnamePrefix as string,
    }),
    instanceTypes:
      (value.instanceTypes as string[] | undefined) ?? d.instanceTypes,
    minInstances: (value.minInstances as number | undefined) ?? d.minInstances,
    maxInstances: (value.maxInstances as number | undefined) ?? d.maxInstances,
    ...(value.platform !== undefined && { platform: value.platform as string }),
    deploymentPolicy:
      (value.deploymentPolicy as Environment["deploymentPolicy"] | undefined) ??
      d.deploymentPolicy,
    healthCheckPath:
      (value.healthCheckPath as string | undefined) ?? d.healthCheckPath,
    ...(https !== undefined && {
      https: {
        certificateArn: https.certificateArn as string,
        sslPolicy: (https.sslPolicy as string | undefined) ?? d.sslPolicy,
      },
    }),
    stickiness: (value.stickiness as boolean | undefined) ?? d.stickiness,
    maintenanceWindow:
      (value.maintenanceWindow as string | undefined) ?? d.maintenanceWindow,
    updateLevel:
      (value.updateLevel as Environment["updateLevel"] | undefined) ??
      d.updateLevel,
    variables: (value.variables ?? {}) as Record<string, string>,
    secrets: secrets(value.secrets, region),
    network: network(value.network as Obj | undefined),
  };
}

const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

function normalize(
  raw: Obj,
  images: ReturnType<typeof mergeImages>,
): Catalogue {
  const region = raw.region as string;
  const cloud = (raw.terraform as Obj | undefined)?.cloud as Obj | undefined;
  const builder = raw.dockerBuilder as Obj | undefined;
  const connections: Connection[] = Object.entries(
    (raw.connections ?? {}) as Obj,
  ).map(([name, c]) => {
    const conn = c as Obj;
    return conn.provider !== undefined
      ? {
          name,
          kind: "provider",
          provider: conn.provider as "GitHub",
          ...(conn.hostArn !== undefined && {
            hostArn: conn.hostArn as string,
          }),
        }
      : { name, kind: "existing", arn: (conn.existing as Obj).arn as string };
  });
  const baseImages: BaseImage[] = [];
  const services: Service[] = [];
  for (const entry of images) {
    const v = entry.merged.value as Obj;
    const common = {
      name: entry.name,
      source: source(v.source as Obj),
      build: build(v.build as Obj | undefined, region),
      image: image(v.image as Obj | undefined),
      retired: (v.retired as boolean | undefined) ?? DEFAULTS.retired,
    };
    if (entry.kind === "baseImage") {
      baseImages.push(common);
      continue;
    }
    services.push({
      ...common,
      ...(v.baseImage !== undefined && { baseImage: v.baseImage as string }),
      port: (v.port as number | undefined) ?? DEFAULTS.port,
      environments: entry.environments.map((env) =>
        environment(env.name, env.merged.value as Obj, region),
      ),
    });
  }
  return {
    organisation: raw.organisation as string,
    region,
    tags: (raw.tags ?? {}) as Record<string, string>,
    ...(isObject(cloud) && {
      cloud: {
        organization: cloud.organization as string,
        hostname:
          (cloud.hostname as string | undefined) ?? DEFAULTS.terraform.hostname,
        ...(cloud.project !== undefined && {
          project: cloud.project as string,
        }),
        workspacePrefix:
          (cloud.workspacePrefix as string | undefined) ??
          DEFAULTS.terraform.workspacePrefix,
      },
    }),
    connections: connections.sort(byName),
    baseImages: baseImages.sort(byName),
    ...(builder !== undefined &&
      ((builder.enabled as boolean | undefined) ??
        DEFAULTS.dockerBuilder.enabled) && {
        dockerBuilder: {
          computeType: ((builder.computeType as string | undefined) ??
            DEFAULTS.dockerBuilder
              .computeType) as Catalogue["services"][0]["build"]["computeType"],
          timeoutMinutes:
            (builder.timeoutMinutes as number | undefined) ??
            DEFAULTS.dockerBuilder.timeoutMinutes,
        },
      }),
    services: services.sort(byName),
  };
}
