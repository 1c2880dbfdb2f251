/**
 * The app as users run it: stack layout, identity (reordering changes nothing; adding a service
 * touches no other stack), state backends, and main.ts's handling of the environment and bad input.
 */
import { spawnSync } from "child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { isMap, isScalar, isSeq, parseDocument, YAMLMap } from "yaml";
import {
  addresses,
  EXAMPLE,
  FIXTURES,
  Json,
  load,
  MINIMAL,
  synthStacks,
  synthTexts,
} from "./support/synth";
import { ROOT, runApp } from "./support/app";

const example = readFileSync(EXAMPLE, "utf8");

/**
 * The catalogue with every map written in reverse order, at every depth; only lists and the
 * order of environments (the deploy order) keep their meaning.
 */
function reordered(text: string): string {
  const doc = parseDocument(text);
  const reverse = (node: unknown, key?: unknown) => {
    if (isMap(node)) {
      const map = node as YAMLMap;
      if (key !== "environments") map.items.reverse();
      for (const pair of map.items)
        reverse(pair.value, isScalar(pair.key) ? pair.key.value : undefined);
    } else if (isSeq(node)) {
      for (const item of node.items) reverse(item);
    }
  };
  reverse(doc.contents);
  return doc.toString();
}

const MANY_MAPS = readFileSync(
  path.join(FIXTURES, "valid", "many-maps.yaml"),
  "utf8",
);
const ECS = readFileSync(path.join(FIXTURES, "valid", "ecs.yaml"), "utf8");

describe("stack layout", () => {
  const stacks = synthStacks(load(example));

  test("<organisation>-shared plus one stack per service", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "acme-billing-api",
      "acme-ledger",
      "acme-rails-app",
      "acme-reports-worker",
      "acme-shared",
      "acme-storefront",
    ]);
  });

  test("a service stack depends on the shared stack only, and never reads another stack's state", () => {
    const manifest = JSON.parse(
      synthTexts(load(example), { manifest: true })["manifest.json"],
    );
    for (const [name, stack] of Object.entries(manifest.stacks) as [
      string,
      Json,
    ][]) {
      expect([name, stack.dependencies]).toEqual([
        name,
        name === "acme-shared" ? [] : ["acme-shared"],
      ]);
    }
    for (const [name, stack] of Object.entries(stacks)) {
      expect([name, stack.data?.terraform_remote_state]).toEqual([
        name,
        undefined,
      ]);
      if (name === "acme-shared") continue;
      // no name of another service appears in a service's stack
      const text = JSON.stringify(stack);
      for (const other of [
        "billing-api",
        "reports-worker",
        "storefront",
      ].filter((s) => `acme-${s}` !== name))
        expect(text).not.toContain(other);
    }
  });

  test("provider: the catalogue's region and tags; local state beside cdktf.json by default", () => {
    for (const [name, stack] of Object.entries(stacks)) {
      expect(stack.provider.aws).toEqual([
        {
          region: "eu-west-1",
          default_tags: [
            { tags: { owner: "platform-team", "cost-center": "4711" } },
          ],
        },
      ]);
      expect(stack.terraform.backend).toEqual({
        local: { path: `../../../terraform.${name}.tfstate` },
      });
      expect(stack.terraform.required_providers).toEqual({
        aws: { source: "aws", version: "6.25.0" },
      });
    }
  });

  test("with terraform.cloud, every stack has a cloud block for its own workspace", () => {
    const cloudy = synthStacks(
      load(
        MINIMAL.replace(
          "connections:",
          "terraform:\n  cloud: { organization: acme-corp, hostname: tfe.acme.example, project: delivery, workspacePrefix: delivery- }\nconnections:",
        ),
      ),
    );
    for (const name of ["acme-shared", "acme-api"]) {
      expect(cloudy[name].terraform.cloud).toEqual({
        hostname: "tfe.acme.example",
        organization: "acme-corp",
        workspaces: { name: `delivery-${name}`, project: "delivery" },
      });
      expect(cloudy[name].terraform.backend).toBeUndefined();
    }
  });

  test("stateful resources keep their addresses (renaming one would replace it)", () => {
    expect(addresses(stacks["acme-billing-api"])).toEqual(
      expect.arrayContaining([
        "aws_ecr_repository.image_repository",
        "aws_cloudwatch_log_group.build_logs",
      ]),
    );
    expect(addresses(stacks["acme-shared"])).toEqual(
      expect.arrayContaining([
        "aws_kms_key.key",
        "aws_s3_bucket.artifacts_bucket",
        "aws_ecr_repository.base-ruby-base_repository",
        "aws_ecr_repository.base-ci-tools_repository",
        "aws_codeconnections_connection.connection-github",
      ]),
    );
  });
});

describe("identity", () => {
  const before = synthTexts(load(example), { manifest: true });

  test.each([
    ["the bundled catalogue", example],
    ["a catalogue with several entries in every map", MANY_MAPS],
    ["the ECS catalogue (clusters, processes, a mixed service)", ECS],
  ])(
    "writing %s in another order changes no byte of any stack",
    (_what, text) => {
      const other = reordered(text);
      expect(other).not.toEqual(text);
      expect(synthTexts(load(other), { manifest: true })).toEqual(
        synthTexts(load(text), { manifest: true }),
      );
    },
  );

  test("adding a service leaves every other stack byte-identical", () => {
    const added = `${example}
  aaa-first:
    source: { connection: github, repository: acme/aaa-first }
    baseImage: ruby-base
    environments:
      production: { approval: true }
`;
    const after = synthTexts(load(added));
    expect(Object.keys(after).sort()).toEqual(
      [
        ...Object.keys(before).filter((k) => k !== "manifest.json"),
        "acme-aaa-first",
      ].sort(),
    );
    for (const [stack, text] of Object.entries(before)) {
      if (stack !== "manifest.json")
        expect([stack, after[stack] === text]).toEqual([stack, true]);
    }
  });

  test("adding an ECS service on an existing cluster leaves every other stack, the shared one too, byte-identical", () => {
    const ecsBefore = synthTexts(load(ECS));
    const added = `${ECS}
  aaa-first:
    source: { codecommit: { repository: aaa-first, branch: main } }
    port: 8000
    environments:
      production:
        kind: ecs
        http: { paths: ["/aaa", "/aaa/*"], healthCheckPath: /health }
        cpu: 256
        memory: 512
        count: 1
`;
    const after = synthTexts(load(added));
    expect(Object.keys(after).sort()).toEqual(
      [...Object.keys(ecsBefore), "acme-aaa-first"].sort(),
    );
    for (const [stack, text] of Object.entries(ecsBefore))
      expect([stack, after[stack] === text]).toEqual([stack, true]);
    expect(after["acme-aaa-first"]).toContain("aws_ecs_service");
  });

  test("changing one service changes only its stack", () => {
    const after = synthTexts(
      load(example.replace("    port: 9292\n", "    port: 9393\n")),
    );
    for (const [stack, text] of Object.entries(before)) {
      if (stack === "manifest.json") continue;
      expect([stack, after[stack] === text]).toEqual([
        stack,
        stack !== "acme-reports-worker",
      ]);
    }
  });
});

describe("main.ts, as cdktf synth runs it", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), "main-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const run = (env: Record<string, string>, cwd = work) => runApp(env, cwd);

  test("SERVICE_CATALOGUE (relative to the working directory) and CDKTF_OUTDIR", () => {
    mkdirSync(path.join(work, "catalogues"));
    writeFileSync(path.join(work, "catalogues", "mine.yaml"), MINIMAL);
    // a stack of a service removed from the catalogue since the last synth
    mkdirSync(path.join(work, "out", "stacks", "acme-removed"), {
      recursive: true,
    });
    const result = run({
      SERVICE_CATALOGUE: "catalogues/mine.yaml",
      CDKTF_OUTDIR: "out",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(readdirSync(path.join(work, "out", "stacks")).sort()).toEqual([
      "acme-api",
      "acme-shared",
    ]);
    // (acme-removed is gone: no stale stack lingers, as with `cdktf synth`)
    const stack = JSON.parse(
      readFileSync(
        path.join(work, "out", "stacks", "acme-api", "cdk.tf.json"),
        "utf8",
      ),
    );
    // state lives in the working directory, outside the regenerated output
    expect(stack.terraform.backend.local.path).toBe(
      "../../../terraform.acme-api.tfstate",
    );
  });

  test("a Terraform Cloud catalogue synthesizes with no terraform on the PATH (cdktf's version check is skipped)", () => {
    // Only node's own directory on the PATH: cdktf's validation would run `terraform version`
    // for each stack's cloud block and fail there.
    const nodeDir = path.dirname(process.execPath);
    expect(existsSync(path.join(nodeDir, "terraform"))).toBe(false);
    const result = run({
      PATH: nodeDir,
      SERVICE_CATALOGUE: path.join(FIXTURES, "valid", "cloud.yaml"),
      CDKTF_OUTDIR: "out",
    });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const stack = JSON.parse(
      readFileSync(
        path.join(work, "out", "stacks", "acme-api", "cdk.tf.json"),
        "utf8",
      ),
    );
    expect(stack.terraform.cloud).toEqual({
      hostname: "app.terraform.io",
      organization: "acme-corp",
      workspaces: { name: "delivery-acme-api", project: "delivery" },
    });
  });

  test("synthesizing keeps what terraform init left in a stack's directory; only stacks that are gone are removed", () => {
    writeFileSync(path.join(work, "mine.yaml"), MINIMAL);
    const stacks = path.join(work, "out", "stacks");
    for (const stack of ["acme-shared", "acme-api", "acme-removed"]) {
      mkdirSync(path.join(stacks, stack, ".terraform", "providers"), {
        recursive: true,
      });
      writeFileSync(path.join(stacks, stack, ".terraform.lock.hcl"), "lock");
      writeFileSync(path.join(stacks, stack, "cdk.tf.json"), "{}");
    }
    writeFileSync(path.join(stacks, "acme-api", "notes.txt"), "mine");
    const result = run({ SERVICE_CATALOGUE: "mine.yaml", CDKTF_OUTDIR: "out" });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    expect(readdirSync(stacks).sort()).toEqual(["acme-api", "acme-shared"]);
    expect(readdirSync(path.join(stacks, "acme-api")).sort()).toEqual([
      ".terraform",
      ".terraform.lock.hcl",
      "cdk.tf.json",
      "notes.txt",
    ]);
    expect(readdirSync(path.join(stacks, "acme-shared", ".terraform"))).toEqual(
      ["providers"],
    );
    expect(
      readFileSync(
        path.join(stacks, "acme-shared", ".terraform.lock.hcl"),
        "utf8",
      ),
    ).toBe("lock");
    // cdk.tf.json is rewritten
    expect(
      JSON.parse(
        readFileSync(path.join(stacks, "acme-shared", "cdk.tf.json"), "utf8"),
      ).resource.aws_kms_key.key,
    ).toBeDefined();
  });

  test("a live service deleted outright (not retired) is refused with the way out; nothing written", () => {
    const two = `${MINIMAL}  web:\n    source: { connection: github, repository: acme/web }\n    environments:\n      prod: {}\n`;
    writeFileSync(path.join(work, "services.yaml"), two);
    const env = { SERVICE_CATALOGUE: "services.yaml", CDKTF_OUTDIR: "out" };
    expect(run(env).status).toBe(0);
    const before = readFileSync(
      path.join(work, "out", "stacks", "acme-web", "cdk.tf.json"),
      "utf8",
    );
    writeFileSync(path.join(work, "services.yaml"), MINIMAL);
    const result = run(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines.filter((l) => l.startsWith("error: "))).toHaveLength(5);
    expect(lines).toContain(
      'error: services.web.environments.prod: the Beanstalk environment "acme-web-prod" would be ORPHANED: its stack acme-web is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it). [acme-web: aws_elastic_beanstalk_environment.env-prod_environment]',
    );
    expect(lines.slice(-2)).toEqual([
      '  set retired: true on services.web and apply it first, then delete the entry (README: "Retiring and renaming"); if it was never applied, delete cdktf.out/stacks/acme-web instead',
      "5 stateful resources of deleted catalogue entries: retire an entry before deleting it; nothing was written.",
    ]);
    expect(
      readFileSync(
        path.join(work, "out", "stacks", "acme-web", "cdk.tf.json"),
        "utf8",
      ),
    ).toBe(before);
    // retired first: then deleting the entry is clean
    writeFileSync(
      path.join(work, "services.yaml"),
      two.replace("  web:\n", "  web:\n    retired: true\n"),
    );
    expect(run(env).status).toBe(0);
    writeFileSync(path.join(work, "services.yaml"), MINIMAL);
    expect([run(env).status, run(env).stderr]).toEqual([0, ""]);
  });

  test("JSON then HCL into the same output (and back): one stack file each, nothing reported", () => {
    writeFileSync(path.join(work, "services.yaml"), MINIMAL);
    const env = { SERVICE_CATALOGUE: "services.yaml", CDKTF_OUTDIR: "out" };
    const files = () =>
      ["acme-api", "acme-shared"].map((stack) =>
        readdirSync(path.join(work, "out", "stacks", stack))
          .filter((f) => f.startsWith("cdk.tf"))
          .sort(),
      );
    expect([run(env).status, files()]).toEqual([
      0,
      [["cdk.tf.json"], ["cdk.tf.json"]],
    ]);
    // compared through a JSON twin: an unchanged catalogue destroys nothing
    const hcl = run({ ...env, SYNTH_HCL_OUTPUT: "true" });
    expect([hcl.status, hcl.stderr, files()]).toEqual([
      0,
      "",
      [["cdk.tf"], ["cdk.tf"]],
    ]);
    // an HCL output cannot be read back: said, not guessed at
    const back = run(env);
    expect([back.status, back.stderr, files()]).toEqual([
      0,
      "note: 2 stacks were written as HCL (cdk.tf) last time, so what this edit replaces or destroys there, and whether a cluster it deletes is still in use or protected there, is not checked: acme-api, acme-shared\n",
      [["cdk.tf.json"], ["cdk.tf.json"]],
    ]);
  });

  describe("a clusters entry deleted", () => {
    const cluster = (name: string, unprotected: boolean) => `  ${name}:
    network:
      vpcId: vpc-0a1b2c3d4e5f67890
      taskSubnets: [subnet-0a1b2c3d4e5f60001]
      loadBalancerSubnets: [subnet-0a1b2c3d4e5f60101, subnet-0a1b2c3d4e5f60102]
${unprotected ? "    deletionProtection: false\n" : ""}`;
    /** Clusters by name, `true` for those with `deletionProtection: false`. */
    const text = (clusters: Record<string, boolean>, on: string) => `version: 1
organisation: acme
region: eu-west-1
clusters:
${Object.entries(clusters)
  .map(([name, unprotected]) => cluster(name, unprotected))
  .join("")}services:
  mailer:
    source: { codecommit: { repository: mailer, branch: main } }
    processes:
      worker: { command: [bin/mailer] }
    environments:
      production: { kind: ecs, cluster: ${on}, cpu: 256, memory: 1024, count: 1 }
`;
    const env = { SERVICE_CATALOGUE: "services.yaml", CDKTF_OUTDIR: "out" };
    const sharedFile = () =>
      path.join(work, "out", "stacks", "acme-shared", "cdk.tf.json");
    const synth = (clusters: Record<string, boolean>, on: string) => {
      writeFileSync(path.join(work, "services.yaml"), text(clusters, on));
      return run(env);
    };
    const readme = '(README: "Retiring and renaming")';
    // at the `cluster:` of the environment the edit moved off it (line 16)
    const inUse =
      'services.yaml:16:41 clusters.blue: deleting it destroys the ECS cluster "acme-blue" and its load balancer in the shared stack\'s apply, which comes first, while acme-mailer still runs ECS services on it (as last synthesized), and ECS refuses to delete a cluster that holds services: keep the entry, apply those stacks, synthesize, then';
    const refused = (line: string) => ({
      status: 1,
      stdout: "",
      stderr: `${line}\n1 shared resource removed that the shared stack's apply could not delete yet (compared with out); nothing was written.\n`,
    });

    test("in the edit that moves its last environment off it is refused, with every step; nothing written", () => {
      expect(synth({ blue: false, green: false }, "blue").status).toBe(0);
      const before = readFileSync(sharedFile(), "utf8");
      expect(synth({ green: false }, "green")).toEqual(
        refused(
          `${inUse} set deletionProtection: false on it, apply the shared stack, then delete it ${readme}`,
        ),
      );
      expect(readFileSync(sharedFile(), "utf8")).toBe(before);
      // with deletion protection off already, that step is not asked for
      expect(synth({ blue: true, green: false }, "blue").status).toBe(0);
      expect(synth({ green: false }, "green")).toEqual(
        refused(`${inUse} delete it ${readme}`),
      );
    });

    test("while its load balancer's deletion protection is on (the default) is refused: off, apply, then delete", () => {
      expect(synth({ blue: false, green: false }, "green").status).toBe(0);
      const before = readFileSync(sharedFile(), "utf8");
      expect(synth({ green: false }, "green")).toEqual(
        refused(
          `services.yaml: clusters.blue: deleting it destroys the load balancer "acme-blue" in the shared stack's apply, and its deletion protection is on (as last synthesized), so AWS refuses to delete it: set deletionProtection: false on it, apply the shared stack, then delete it ${readme}`,
        ),
      );
      expect(readFileSync(sharedFile(), "utf8")).toBe(before);
      // the steps: protection off (synthesized, applied), then the entry
      expect(synth({ blue: true, green: false }, "green").status).toBe(0);
      const result = synth({ green: false }, "green");
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(
        'warning: clusters.blue: the load balancer "acme-blue" would be DESTROYED: it is no longer in the output.',
      );
      expect(readFileSync(sharedFile(), "utf8")).not.toContain("acme-blue");
    });

    test("a previous stack that is not JSON, or a stack directory without its stack file, is one warning, and not compared", () => {
      const notChecked =
        "what this edit replaces or destroys there, and whether a cluster it deletes is still in use or protected there, is not checked";
      expect(synth({ blue: false, green: false }, "green").status).toBe(0);
      writeFileSync(sharedFile(), "{ not json");
      const result = synth({ green: false }, "green");
      expect([result.status, result.stderr]).toEqual([
        0,
        `warning: ${path.join("out", "stacks", "acme-shared", "cdk.tf.json")} is not JSON: ${notChecked}\n`,
      ]);
      // a stack directory without its stack file (what `terraform init` left) is said too
      rmSync(path.join(work, "out", "stacks", "acme-mailer", "cdk.tf.json"));
      writeFileSync(
        path.join(work, "out", "stacks", "acme-mailer", "terraform.tfstate"),
        "{}",
      );
      expect(synth({ green: false }, "green").stderr).toBe(
        `warning: 1 stack directory has no cdk.tf.json (nor cdk.tf) in ${path.join("out", "stacks")}, so ${notChecked}: acme-mailer\n`,
      );
    });
  });

  test("a previous output whose stacks directory is a file: one line, exit 1, nothing written", () => {
    writeFileSync(path.join(work, "services.yaml"), MINIMAL);
    mkdirSync(path.join(work, "out"));
    writeFileSync(path.join(work, "out", "stacks"), "");
    expect(
      run({ SERVICE_CATALOGUE: "services.yaml", CDKTF_OUTDIR: "out" }),
    ).toEqual({
      status: 1,
      stdout: "",
      stderr: `error: ${path.join("out", "stacks")}: cannot list the previous output's stacks: ENOTDIR; move it away or delete it; nothing was written.\n`,
    });
    expect(readdirSync(path.join(work, "out"))).toEqual(["stacks"]);
  });

  describe("an edit that would destroy something stateful", () => {
    /** Every file under a directory, with its content. */
    const tree = (dir: string): Record<string, string> =>
      Object.fromEntries(
        (readdirSync(dir, { recursive: true }) as string[])
          .sort()
          .map((f) => [
            f,
            lstatSync(path.join(dir, f)).isDirectory()
              ? "(directory)"
              : readFileSync(path.join(dir, f), "utf8"),
          ]),
      );
    const renamed = MINIMAL.replace("      prod: {}", "      production: {}");
    const warning =
      'services.api.environments.prod: the Beanstalk environment "acme-api-prod" would be DESTROYED: it is no longer in the output. Lost: its instances, load balancer and URL (the CNAME is free for anyone to take). [acme-api: aws_elastic_beanstalk_environment.env-prod_environment]';

    beforeEach(() => {
      writeFileSync(path.join(work, "services.yaml"), MINIMAL);
      const first = run({
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
      });
      expect([first.status, first.stderr]).toEqual([0, ""]);
      mkdirSync(path.join(work, "out", "stacks", "acme-api", ".terraform"));
      writeFileSync(path.join(work, "services.yaml"), renamed);
    });

    test("is a warning naming the catalogue entry; the synth still writes", () => {
      const result = run({
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
      });
      expect(result.status).toBe(0);
      expect(result.stderr).toBe(
        `warning: ${warning}\n1 stateful resource would be replaced, destroyed or orphaned by this edit (compared with out). See the README, "Editing the catalogue is safe"; DELIVERY_FAIL_ON_REPLACE=1 makes this an error.\n`,
      );
      const stack = JSON.parse(
        readFileSync(
          path.join(work, "out", "stacks", "acme-api", "cdk.tf.json"),
          "utf8",
        ),
      );
      expect(
        Object.keys(stack.resource.aws_elastic_beanstalk_environment),
      ).toEqual(["env-production_environment"]);
      // compared with what was just written: nothing more to say
      const again = run({
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
      });
      expect([again.status, again.stderr]).toEqual([0, ""]);
    });

    test("with DELIVERY_FAIL_ON_REPLACE=1: exit 1, the previous output untouched", () => {
      const before = tree(path.join(work, "out"));
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining([
          "manifest.json",
          path.join("stacks", "acme-api", "cdk.tf.json"),
          path.join("stacks", "acme-api", ".terraform"),
        ]),
      );
      const result = run({
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
        DELIVERY_FAIL_ON_REPLACE: "1",
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `error: ${warning}\n1 stateful resource would be replaced, destroyed or orphaned by this edit (compared with out); DELIVERY_FAIL_ON_REPLACE is set: nothing was written.\n`,
      );
      expect(tree(path.join(work, "out"))).toEqual(before);
    });

    test("retiring a service is what it asks for: notes, not errors, even with the switch", () => {
      writeFileSync(
        path.join(work, "services.yaml"),
        MINIMAL.replace("  api:\n", "  api:\n    retired: true\n"),
      );
      const result = run({
        SERVICE_CATALOGUE: "services.yaml",
        CDKTF_OUTDIR: "out",
        DELIVERY_FAIL_ON_REPLACE: "1",
      });
      expect(result.status).toBe(0);
      expect(result.stderr.split("\n").filter(Boolean)).toEqual([
        'note: services.api: the log group "/aws/codebuild/acme-api-mark" would be DESTROYED: it is no longer in the output. Lost: every log event in it. [acme-api: aws_cloudwatch_log_group.mark_logs] (retired: true asks for this)',
        'note: services.api: the Beanstalk application "acme-api" would be DESTROYED: it is no longer in the output. Lost: its application versions and every environment in it. [acme-api: aws_elastic_beanstalk_application.application] (retired: true asks for this)',
        `note: ${warning} (retired: true asks for this)`,
      ]);
    });
  });

  test("without SERVICE_CATALOGUE: the project's config/services.yaml, whatever it holds", () => {
    // config/services.yaml is the user's: the test does not read it, it only checks that main
    // reads it by default (same status, messages and output as when it is named).
    mkdirSync(path.join(work, "a"));
    mkdirSync(path.join(work, "b"));
    const byDefault = run({ CDKTF_OUTDIR: path.join(work, "a", "out") }, ROOT);
    const named = run(
      {
        SERVICE_CATALOGUE: "config/services.yaml",
        CDKTF_OUTDIR: path.join(work, "b", "out"),
      },
      ROOT,
    );
    expect(byDefault).toEqual(named);
    const written = (dir: string) =>
      existsSync(path.join(work, dir, "out", "stacks"))
        ? Object.fromEntries(
            readdirSync(path.join(work, dir, "out", "stacks")).map((stack) => [
              stack,
              readFileSync(
                path.join(work, dir, "out", "stacks", stack, "cdk.tf.json"),
                "utf8",
              ),
            ]),
          )
        : {};
    expect(written("a")).toEqual(written("b"));
    expect(Object.keys(written("a")).length > 0).toBe(byDefault.status === 0);
  });

  test("bad input: every problem as file:line:col path: message, exit 1, no stack trace, nothing written or overwritten", () => {
    writeFileSync(
      path.join(work, "bad.yaml"),
      "version: 1\norganisation: Acme\nregion: eu-west-1\nservices:\n  api:\n    port: 0\n",
    );
    mkdirSync(path.join(work, "out"));
    writeFileSync(path.join(work, "out", "previous.txt"), "kept");
    const result = run({ SERVICE_CATALOGUE: "bad.yaml", CDKTF_OUTDIR: "out" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        `bad.yaml:2:15 organisation: must be 2 to 20 lowercase letters, digits and '-', starting with a letter, got "Acme"`,
        `bad.yaml:6:5 services.api: missing required key "source"`,
        `bad.yaml:6:11 services.api.port: must be between 1 and 65535, got 0`,
        `3 problems in bad.yaml; nothing was written.`,
        "",
      ].join("\n"),
    );
    expect(readdirSync(path.join(work, "out"))).toEqual(["previous.txt"]);
  });

  test("a missing catalogue is one line, exit 1", () => {
    const result = run({ SERVICE_CATALOGUE: "nope.yaml", CDKTF_OUTDIR: "out" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "nope.yaml: cannot read the catalogue: ENOENT\n",
    );
    expect(existsSync(path.join(work, "out"))).toBe(false);
  });
});

describe("npm run check (scripts/check.js): the user's catalogue, offline, writing nothing", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), "check-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  function check(env: Record<string, string>) {
    const result = spawnSync(
      process.execPath,
      [path.join(ROOT, "scripts", "check.js")],
      {
        cwd: work,
        env: {
          // No terraform here (validate-test covers that step); node runs by its absolute path.
          PATH: work,
          HOME: process.env.HOME ?? "",
          ...env,
        },
        encoding: "utf8",
      },
    );
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  }

  test("a valid catalogue: synthesized aside and compared with cdktf.out, which is left alone", () => {
    writeFileSync(path.join(work, "services.yaml"), MINIMAL);
    // the previous output has an environment the catalogue no longer has
    const previous = path.join(work, "cdktf.out", "stacks", "acme-api");
    mkdirSync(previous, { recursive: true });
    const old = {
      resource: {
        aws_elastic_beanstalk_environment: {
          "env-qa_environment": {
            "//": { metadata: { path: "acme-api/env-qa/environment" } },
            name: "acme-api-qa",
          },
        },
      },
    };
    writeFileSync(path.join(previous, "cdk.tf.json"), JSON.stringify(old));
    const result = check({ SERVICE_CATALOGUE: "services.yaml" });
    expect(result).toEqual({
      status: 0,
      stdout:
        "services.yaml: 2 stacks synthesized; passed: synthesize, terraform validate SKIPPED (no terraform on PATH).\n",
      stderr: expect.stringMatching(
        /^warning: services\.api\.environments\.qa: the Beanstalk environment "acme-api-qa" would be DESTROYED: .*\n1 stateful resource would be replaced, destroyed or orphaned by this edit \(compared with cdktf\.out\)\. /,
      ),
    });
    expect(readdirSync(work).sort()).toEqual(["cdktf.out", "services.yaml"]);
    expect(readdirSync(path.join(work, "cdktf.out", "stacks"))).toEqual([
      "acme-api",
    ]);
    expect(readFileSync(path.join(previous, "cdk.tf.json"), "utf8")).toBe(
      JSON.stringify(old),
    );
    // for CI: the findings fail the check
    expect(
      check({
        SERVICE_CATALOGUE: "services.yaml",
        DELIVERY_FAIL_ON_REPLACE: "1",
      }).status,
    ).toBe(1);
  });

  test("an invalid catalogue: every problem, exit 1", () => {
    writeFileSync(path.join(work, "bad.yaml"), MINIMAL.replace("acme", "Acme"));
    expect(check({ SERVICE_CATALOGUE: "bad.yaml" })).toEqual({
      status: 1,
      stdout: "",
      stderr: `bad.yaml:2:15 organisation: must be 2 to 20 lowercase letters, digits and '-', starting with a letter, got "Acme"\n1 problem in bad.yaml; nothing was written.\nbad.yaml: the check failed at "synthesize".\n`,
    });
    expect(readdirSync(work)).toEqual(["bad.yaml"]);
  });
});

describe("cdktf synth (the README's quick start)", () => {
  test("npm run synth writes one cdk.tf.json per stack, offline and without the checkpoint error, through the cdktf CLI; keeps .terraform/, removes stacks that are gone", () => {
    const out = mkdtempSync(path.join(tmpdir(), "cdktf-"));
    try {
      // what `terraform init` left in a stack that is still there, and a stack that is gone
      // (the CLI removes it itself, and failed with ENOENT when the app had removed it first)
      mkdirSync(path.join(out, "stacks", "acme-shared", ".terraform"), {
        recursive: true,
      });
      writeFileSync(
        path.join(out, "stacks", "acme-shared", ".terraform.lock.hcl"),
        "lock",
      );
      mkdirSync(path.join(out, "stacks", "acme-gone", ".terraform"), {
        recursive: true,
      });
      // `npm run synth` turns the CLI's update check off: offline, it printed
      // "[ERROR] default - getaddrinfo ENOTFOUND checkpoint-api.hashicorp.com" on every run.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SERVICE_CATALOGUE: EXAMPLE,
        CI: "true",
      };
      delete env.CHECKPOINT_DISABLE;
      const result = spawnSync(
        "npm",
        ["run", "--silent", "synth", "--", "--output", out],
        { cwd: ROOT, env, encoding: "utf8" },
      );
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/checkpoint/i);
      expect([result.status, result.stderr]).toEqual([0, expect.any(String)]);
      expect(readdirSync(path.join(out, "stacks")).sort()).toEqual([
        "acme-billing-api",
        "acme-ledger",
        "acme-rails-app",
        "acme-reports-worker",
        "acme-shared",
        "acme-storefront",
      ]);
      // What the CLI path (esbuild-compiled app, fast synth) writes is the committed golden
      // output, but for where the state file is (that depends on --output).
      for (const stack of readdirSync(path.join(out, "stacks"))) {
        const written = JSON.parse(
          readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8"),
        );
        const golden = JSON.parse(
          readFileSync(path.join(FIXTURES, "golden", `${stack}.json`), "utf8"),
        );
        expect(written.terraform.backend.local.path).toBe(
          path.relative(
            path.join(out, "stacks", stack),
            path.join(ROOT, `terraform.${stack}.tfstate`),
          ),
        );
        delete written.terraform.backend;
        delete golden.terraform.backend;
        expect(written).toEqual(golden);
      }
      expect(
        readdirSync(path.join(out, "stacks", "acme-shared")).sort(),
      ).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json"]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
