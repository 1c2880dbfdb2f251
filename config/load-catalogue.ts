/**
 * parse (keeping line numbers) -> validate shape -> catalogue rules (config/rules/, then the
 * source kinds' and the deploy targets') -> normalize,
 * or throw one CatalogueError listing every problem as `file:line:col yaml.path: message`.
 */
import {
  Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  YAMLError,
} from "yaml";
import {
  BaseImage,
  Build,
  Catalogue,
  Connection,
  Environment,
  ImageSettings,
  ManagedWorkspaces,
  Process,
  Service,
  SmokeTest,
} from "./catalogue";
import { HTTP_PROCESS } from "./environment-parts";
import { smokeTestOf } from "./gates";
import { DEFAULTS } from "./defaults";
import { catalogueNotifications, pipelineNotifications } from "./notifications";
import { BASE_IMAGE_SCHEMA, CATALOGUE_SCHEMA, SERVICE_SCHEMA } from "./schema";
import type {
  BUILD_SCHEMA,
  CONNECTION_SCHEMA,
  IMAGE_SCHEMA,
} from "./schema-sections";
import { byName, secrets, withDefaults } from "./normalize";
import { isObject, isString } from "./merge";
import type { Defaulted } from "./schema-types";
import { sourceKindFor } from "../sources/registry";
import {
  DEFAULT_DEPLOY_TARGET,
  DEPLOY_TARGETS,
  deployTarget,
  ENVIRONMENT_DEFAULT_SECTIONS,
  loadTargetSections,
} from "../targets/registry";
import type { EnvironmentInput } from "../targets/deploy-target";
import { ShapeValidator } from "./validate-shape";
import { RULES, SOURCE_RULES } from "./rules";
import { mergeImages, MergedImage, Rule } from "./rules/rule";
import { formatPath, Path } from "./yaml-path";

/** Every problem found in a catalogue, already formatted one per line. */
export class CatalogueError extends Error {
  /**
   * @param problems one line per problem, as printed
   * @param rules the id of the rule that found each problem (parallel to `problems`); undefined
   * for the parser's and the shape validator's
   */
  constructor(
    readonly problems: readonly string[],
    readonly rules: readonly (string | undefined)[] = [],
  ) {
    super(problems.join("\n"));
    this.name = "CatalogueError";
  }
}

interface Located {
  readonly offset: number;
  readonly path: Path;
  readonly message: string;
  /** The id of the catalogue rule that reported it. */
  readonly rule?: string;
}

/**
 * Loads a catalogue from its text.
 * @param text the YAML
 * @param file the name shown in messages (as the user gave it)
 */
export function loadCatalogue(text: string, file: string): Catalogue {
  const { doc, lineCounter } = parse(text);
  const problems: Located[] = [];
  const format = (p: Located) => {
    const { line, col } = lineCounter.linePos(p.offset);
    return {
      line,
      col,
      text: `${file}:${line}:${col} ${formatPath(p.path)}: ${p.message}`,
      rule: p.rule,
    };
  };
  const fail = (): never => {
    const lines = problems
      .map(format)
      .sort((a, b) => a.line - b.line || a.col - b.col);
    const unique = mergeInherited(
      lines.filter((l, i) => lines.findIndex((m) => m.text === l.text) === i),
    );
    throw new CatalogueError(
      unique.map((l) => l.text),
      unique.map((l) => l.rule),
    );
  };

  const syntaxErrors: YAMLError[] = [];
  for (const error of doc.errors) {
    if (error.code !== "DUPLICATE_KEY") syntaxErrors.push(error);
    else {
      const offset = error.pos[0];
      problems.push({
        offset,
        path: pathAt(doc, offset),
        message: "duplicate key",
      });
    }
  }
  if (syntaxErrors.length > 0) {
    for (const { line, col, path, message } of syntaxProblems(text)) {
      const offset = (lineCounter.lineStarts[line - 1] ?? 0) + col - 1;
      problems.push({ offset, path, message });
    }
    fail();
  }

  const shape = new ShapeValidator(doc);
  const value = shape.validate(CATALOGUE_SCHEMA);
  problems.push(...shape.issues);
  if (value === undefined) return fail();

  const images = mergeImages(value, ENVIRONMENT_DEFAULT_SECTIONS);
  const reporter = (rule: string) => (path: Path, message: string) =>
    problems.push({ offset: locate(doc, path), path, message, rule });
  const check = (rules: readonly Rule[], images: readonly MergedImage[]) => {
    // What these rules derive alike (the outline's names), once for the pass.
    const once = memo(value, images);
    for (const rule of rules)
      if (rule.stage === "merged")
        rule.check({ raw: value, images, report: reporter(rule.id), once });
  };
  check(RULES, images);
  check(SOURCE_RULES, images);
  for (const target of DEPLOY_TARGETS) {
    // A target's rules see only its own environments.
    const own = images.map((image) => ({
      ...image,
      environments: image.environments.filter(
        (env) =>
          (env.merged.get(["kind"], isString) ?? DEFAULT_DEPLOY_TARGET) ===
          target.kind,
      ),
    }));
    check(target.rules, own);
  }
  if (problems.length > 0) fail();
  const catalogue = normalize(value, images);
  // Derived values the catalogue rules share (the plan), kept only while they run.
  const once = memo(catalogue);
  for (const rule of [...RULES, ...SOURCE_RULES]) {
    if (rule.stage === "catalogue")
      rule.check({ catalogue, report: reporter(rule.id), once });
  }
  if (problems.length > 0) fail();
  return catalogue;
}

/**
 * A memo of what rules derive from the same arguments (the plan, the outline's names): each
 * `derive` runs once per memo, which lives only while one pass of rules runs.
 */
function memo<A extends unknown[]>(...args: A) {
  const derived = new Map<unknown, unknown>();
  return <T>(derive: (...args: A) => T): T => {
    if (!derived.has(derive)) derived.set(derive, derive(...args));
    // The value stored under `derive` is what `derive` returned: a T, which a Map cannot say.
    // eslint-disable-next-line @typescript-eslint/consistent-type-assertions
    return derived.get(derive) as T;
  };
}

/**
 * One problem of a `defaults:` value is one line, whoever inherits it: the lines that differ only
 * in "(inherited by X)" become one, "(inherited by X, Y, Z)", at the first one's place.
 */
function mergeInherited<T extends { text: string }>(lines: T[]): T[] {
  const INHERITED = / \(inherited by ([^()]+)\)$/;
  const out: T[] = [];
  const byProblem = new Map<string, { line: T; by: string[] }>();
  for (const line of lines) {
    const match = INHERITED.exec(line.text);
    if (!match) {
      out.push(line);
      continue;
    }
    const problem = line.text.slice(0, match.index);
    const seen = byProblem.get(problem);
    if (seen) {
      seen.by.push(match[1]);
      continue;
    }
    const entry = { line: { ...line }, by: [match[1]] };
    byProblem.set(problem, entry);
    out.push(entry.line);
  }
  for (const [problem, { line, by }] of byProblem)
    line.text = `${problem} (inherited by ${by.join(", ")})`;
  return out;
}

function spaces(n: number): string {
  return n === 1 ? "1 space" : `${n} spaces`;
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

// ---------------------------------------------------------------------------------------------
// YAML syntax errors. After one, the parser guesses where the structure resumes, and every later
// line it misplaces becomes another error ("All mapping items must start at the same column",
// "Implicit keys need to be on a single line", ...): one misindented key can produce a dozen.
// Only root causes are reported. The parser is back in step at the next top-level key (a line
// that starts in column 1), so an error after one is a new root cause; the errors between a root
// cause and the next top-level key are its cascade and are dropped. A misindented key can be put
// where it belongs and the text read again (syntaxProblems), which finds the next root cause even
// in the same section.

function parse(text: string): {
  doc: Document.Parsed;
  lineCounter: LineCounter;
} {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    merge: true,
    prettyErrors: false,
    version: "1.2",
  });
  return { doc, lineCounter };
}

/**
 * Every root cause of the YAML syntax errors, by line and column of the text as written. A
 * misindented key is reported, then the text is read again with that key where it belongs, so
 * a later mistake in the same section is found as well; any other error ends the reading, and
 * the first errors of the later top-level sections are added.
 */
function syntaxProblems(
  text: string,
): { line: number; col: number; path: Path; message: string }[] {
  const lines = text.split("\n");
  const shifted = new Map<number, number>(); // line -> spaces added by a repair
  const out: { line: number; col: number; path: Path; message: string }[] = [];
  for (let round = 0; round < 100; round++) {
    const current = lines.join("\n");
    const { doc, lineCounter } = parse(current);
    const errors = doc.errors.filter((e) => e.code !== "DUPLICATE_KEY");
    if (errors.length === 0) break;
    const [first, ...later] = rootCauses(current, lineCounter, errors);
    const problem = describeSyntaxError(doc, current, lineCounter, first);
    const at = (offset: number) => {
      const { line, col } = lineCounter.linePos(offset);
      return { line, col: col - (shifted.get(line) ?? 0) };
    };
    out.push({
      ...at(problem.offset),
      path: problem.path,
      message: problem.message,
    });
    const fix = problem.fix;
    if (fix === undefined || shifted.has(fix.line)) {
      for (const root of later) {
        const p = describeSyntaxError(doc, current, lineCounter, root);
        out.push({ ...at(p.offset), path: p.path, message: p.message });
      }
      break;
    }
    const raw = lines[fix.line - 1];
    const content = raw.trimStart();
    lines[fix.line - 1] = " ".repeat(fix.indent) + content;
    shifted.set(fix.line, fix.indent - (raw.length - content.length));
  }
  return out;
}

/** The first error of each stretch between top-level keys. */
function rootCauses(
  text: string,
  lineCounter: LineCounter,
  errors: readonly YAMLError[],
): YAMLError[] {
  const sorted = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const lines = text.split("\n");
  const topLevelBetween = (from: number, to: number) =>
    lines.slice(from, to - 1).some((line) => /^[^\s#]/.test(line));
  const roots: YAMLError[] = [];
  let rootLine = 0;
  for (const error of sorted) {
    const { line } = lineCounter.linePos(error.pos[0]);
    if (roots.length > 0 && !topLevelBetween(rootLine, line)) continue;
    roots.push(error);
    rootLine = line;
  }
  return roots;
}

interface SourceLine {
  readonly number: number;
  /** Offset of the first character that is not a space. */
  readonly offset: number;
  readonly indent: number;
  readonly key: string | undefined;
  readonly hasValue: boolean;
}

/** Lines with content (not blank, not only a comment), by 1-based line number. */
function contentLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const indent = raw.length - raw.trimStart().length;
    const content = raw.slice(indent);
    if (content !== "" && !content.startsWith("#")) {
      const pair = /^([A-Za-z0-9_.-]+):(?:\s+(\S.*))?$/.exec(content.trimEnd());
      out.push({
        number: index + 1,
        offset: start + indent,
        indent,
        key: pair?.[1],
        hasValue:
          pair?.[2] !== undefined &&
          !/^[#&!|>]/.test(pair[2]) &&
          pair[2] !== "",
      });
    }
    start += raw.length + 1;
  });
  return out;
}

/**
 * A syntax error in the user's terms, for the two ways of misindenting a key; the parser's own
 * message for anything else. The value on a line is never repeated (it may be a secret).
 */
function describeSyntaxError(
  doc: Document,
  text: string,
  lineCounter: LineCounter,
  error: YAMLError,
): Located & { fix?: { line: number; indent: number } } {
  const lines = contentLines(text);
  const { line } = lineCounter.linePos(error.pos[0]);
  const index = lines.findIndex((l) => l.number >= line);
  const here = lines[index];
  if (
    here &&
    error.code === "BAD_INDENT" &&
    error.message.startsWith("All mapping items must start at the same column")
  ) {
    // Indented less than the keys before it, more than their parent's: between two levels.
    const levels: SourceLine[] = [];
    for (let i = index - 1; i >= 0; i--) {
      if (
        levels.length === 0 ||
        lines[i].indent < levels[levels.length - 1].indent
      )
        levels.push(lines[i]);
    }
    const deeper = [...levels].reverse().find((l) => l.indent > here.indent);
    const shallower = levels.find((l) => l.indent < here.indent);
    if (here.key && deeper && shallower) {
      return {
        offset: here.offset,
        fix: { line: here.number, indent: deeper.indent },
        path: pathAt(doc, deeper.offset).slice(0, -1),
        message:
          `${here.key} is indented ${spaces(here.indent)}, but the keys of this map are at ${deeper.indent} ` +
          `(and of the map around it at ${shallower.indent}); all keys of one map must start at the same column`,
      };
    }
  }
  if (
    error.code === "BLOCK_AS_IMPLICIT_KEY" ||
    error.code === "MULTILINE_IMPLICIT_KEY"
  ) {
    // A key indented deeper than the key above it, which already has a value on its line.
    const above = lines[lines.findIndex((l) => l.number >= line)];
    const next = lines[lines.indexOf(above) + 1];
    if (
      above?.key &&
      above.hasValue &&
      next?.key &&
      next.indent > above.indent
    ) {
      return {
        offset: next.offset,
        fix: { line: next.number, indent: above.indent },
        path: pathAt(doc, above.offset).slice(0, -1),
        message:
          `${next.key} is indented ${spaces(next.indent)}, deeper than ${above.key} above it (at ${above.indent}), ` +
          `which already has a value; give it ${above.key}'s indentation`,
      };
    }
  }
  // The parser may have joined a value into a key ("true instanceTypes"): show the path only up
  // to the last key that reads like one, so no value reaches the message.
  const offset = error.pos[0];
  const path = pathAt(doc, offset);
  const joined = path.findIndex((p) => typeof p === "string" && /\s/.test(p));
  return {
    offset,
    path: joined < 0 ? path : path.slice(0, joined),
    message: firstLine(error.message),
  };
}

/**
 * Where `path` is in a catalogue's text (or its nearest ancestor that is), as `line:col`: for a
 * problem found after loading, as main.ts's comparison with the previous output finds some.
 */
export function lineOf(text: string, path: Path): string {
  const { doc, lineCounter } = parse(text);
  const { line, col } = lineCounter.linePos(locate(doc, path));
  return `${line}:${col}`;
}

/** The start of a node's range (undefined for anything that is not a node). */
function start(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

/** Offset of the node at `path`, or of its nearest ancestor that exists. */
function locate(doc: Document, path: Path): number {
  let node: unknown = doc.contents;
  let offset = start(node) ?? 0;
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && item.key.value === part,
      );
      if (!pair) break;
      // Point at the key of a map value (the line that names it), at the value of a scalar.
      offset =
        (isScalar(pair.value) ? start(pair.value) : start(pair.key)) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      const item: unknown = node.items[part];
      if (!isNode(item)) break;
      offset = start(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

/** The path of the deepest node containing `offset` (for parser errors). */
function pathAt(doc: Document, offset: number): Path {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  const within = (n: unknown) => {
    const range = isNode(n) ? n.range : undefined;
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
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => within(item));
      if (index < 0) break;
      path.push(index);
      node = node.items[index];
    } else break;
  }
  return path;
}

// ---------------------------------------------------------------------------------------------
// Normalization: defaults applied (from the schema, ./schema-values), references parsed. Runs only
// on a valid catalogue, so every value has its schema's type: withDefaults (./normalize) checks
// that instead of casting.

type Obj = Readonly<Record<string, unknown>>;

function build(value: Defaulted<typeof BUILD_SCHEMA>, region: string): Build {
  return { ...value, secrets: secrets(value.secrets, region) };
}

function image(value: Defaulted<typeof IMAGE_SCHEMA>): ImageSettings {
  return {
    ...value,
    pullers: value.pullers ?? [],
    pushers: value.pushers ?? [],
  };
}

function connection(
  name: string,
  value: Defaulted<typeof CONNECTION_SCHEMA>,
): Connection {
  if (value.provider !== undefined)
    return {
      name,
      kind: "provider",
      provider: value.provider,
      ...(value.hostArn !== undefined && { hostArn: value.hostArn }),
    };
  if (value.existing !== undefined)
    return { name, kind: "existing", arn: value.existing.arn };
  // Exactly one of provider and existing: the shape validator.
  throw new Error(
    `internal: connection ${name} has neither provider nor existing`,
  );
}

/** services.<s>.processes, sorted by name; default: one, "web", the image's CMD. */
function processes(
  value: Defaulted<typeof SERVICE_SCHEMA>["processes"],
): Process[] {
  return Object.entries(value)
    .map(([name, { command, stopTimeoutSeconds }]): Process => ({
      name,
      http: name === HTTP_PROCESS,
      ...(command !== undefined && { command }),
      ...(stopTimeoutSeconds !== undefined && { stopTimeoutSeconds }),
    }))
    .sort(byName);
}

/** One environment, loaded by the deploy target its kind selects, with its smoke test. */
function environment(
  name: string,
  value: Obj,
  top: Obj,
  service: EnvironmentInput["service"],
  region: string,
): Environment {
  const target = deployTarget(
    typeof value.kind === "string" ? value.kind : DEFAULT_DEPLOY_TARGET,
  );
  const loaded = target.loadEnvironment({
    name,
    value,
    approval:
      typeof value.approval === "boolean"
        ? value.approval
        : DEFAULTS.environment.approval,
    service,
    region,
  });
  const smokeTest: SmokeTest | undefined = smokeTestOf(
    value,
    target.smokeTestSite(value, top, name),
  );
  return smokeTest ? { ...loaded, smokeTest } : loaded;
}

function normalize(
  value: unknown,
  images: ReturnType<typeof mergeImages>,
): Catalogue {
  const raw = withDefaults(CATALOGUE_SCHEMA, value, []);
  // As written: what a deploy target reads beside an environment (its top-level section).
  const top: Obj = isObject(value) ? value : {};
  const { region, terraform, dockerBuilder } = raw;
  const baseImages: BaseImage[] = [];
  const services: Service[] = [];
  for (const entry of images) {
    if (entry.kind === "baseImage") {
      const v = withDefaults(BASE_IMAGE_SCHEMA, entry.merged.value, entry.path);
      const notifications = pipelineNotifications(
        raw.notifications,
        v.notifications,
      );
      baseImages.push({
        name: entry.name,
        source: sourceKindFor(v.source).normalize(v.source),
        build: build(v.build, region),
        image: image(v.image),
        retired: v.retired,
        ...(notifications && { notifications }),
      });
      continue;
    }
    const v = withDefaults(SERVICE_SCHEMA, entry.merged.value, entry.path);
    const notifications = pipelineNotifications(
      raw.notifications,
      v.notifications,
    );
    const own = processes(v.processes);
    services.push({
      name: entry.name,
      source: sourceKindFor(v.source).normalize(v.source),
      build: build(v.build, region),
      image: image(v.image),
      retired: v.retired,
      ...(notifications && { notifications }),
      ...(v.baseImage !== undefined && { baseImage: v.baseImage }),
      port: v.port,
      processes: own,
      ...(v.tests !== undefined && { tests: v.tests }),
      environments: entry.environments.map((env) =>
        environment(
          env.name,
          isObject(env.merged.value) ? env.merged.value : {},
          top,
          { name: entry.name, port: v.port, processes: own },
          region,
        ),
      ),
    });
  }
  return {
    organisation: raw.organisation,
    region,
    tags: raw.tags,
    ...(terraform.cloud !== undefined && {
      cloud: {
        ...terraform.cloud,
        ...(terraform.cloud.workspaces !== undefined && {
          workspaces: managedWorkspaces(terraform.cloud.workspaces),
        }),
      },
    }),
    ...(raw.notifications !== undefined && {
      notifications: catalogueNotifications(raw.notifications),
    }),
    connections: Object.entries(raw.connections)
      .map(([name, value]) => connection(name, value))
      .sort(byName),
    baseImages: baseImages.sort(byName),
    ...(dockerBuilder.enabled && {
      dockerBuilder: {
        computeType: dockerBuilder.computeType,
        timeoutMinutes: dockerBuilder.timeoutMinutes,
      },
    }),
    services: services.sort(byName),
    ...loadTargetSections(top),
  };
}

/** The workspaces managed as code, with defaults: no tags left out is no tags. */
function managedWorkspaces(
  value: NonNullable<NonNullable<TerraformCloudInput>["workspaces"]>,
): ManagedWorkspaces {
  return { ...value, tags: value.tags ?? {} };
}

type TerraformCloudInput = Defaulted<
  typeof CATALOGUE_SCHEMA
>["terraform"]["cloud"];
