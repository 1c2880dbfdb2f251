/**
 * The decisions of `npm run validate` (scripts/terraform-check.ts): where the provider comes from,
 * the CLI configuration, the v6 -> v5 mappings and how diagnostics read. The run itself (real
 * terraform, real provider) is .ci/run's `npm run validate`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import {
  addressOf,
  cliConfig,
  findMirror,
  formatDiagnostic,
  mapHclToV5,
  mapJsonToV5,
  mirrorVersions,
  platform,
  providerAddress,
  requiredProviders,
  unavailableProviders,
  usualMirrorDirs,
} from "../scripts/terraform-check";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "mirror-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const AWS = ["registry.terraform.io", "hashicorp", "aws"];

function unpacked(dir: string, version: string, os_arch = platform()): void {
  mkdirSync(path.join(dir, ...AWS, version, os_arch), { recursive: true });
}

describe("mirrorVersions", () => {
  test("lists unpacked and packed versions for this platform, newest first", () => {
    const dir = path.join(root, "m");
    unpacked(dir, "5.9.0");
    unpacked(dir, "5.100.0");
    unpacked(dir, "6.1.0", "plan9_mips");
    writeFileSync(
      path.join(dir, ...AWS, `terraform-provider-aws_5.50.0_${platform()}.zip`),
      "",
    );
    expect(mirrorVersions(dir)).toEqual(["5.100.0", "5.50.0", "5.9.0"]);
  });

  test("a directory without the provider has none", () => {
    expect(mirrorVersions(path.join(root, "nothing"))).toEqual([]);
  });
});

describe("findMirror", () => {
  const home = () => path.join(root, "home");

  test("TF_PROVIDER_MIRROR wins", () => {
    const dir = path.join(root, "given");
    unpacked(dir, "5.100.0");
    const rc = path.join(root, "rc");
    unpacked(path.join(root, "other"), "6.0.0");
    writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror {\n    path = "${path.join(root, "other")}"\n  }\n}\n`,
    );
    expect(
      findMirror({
        env: { TF_PROVIDER_MIRROR: dir, TF_CLI_CONFIG_FILE: rc },
        home: home(),
      }),
    ).toEqual({ dir, how: "TF_PROVIDER_MIRROR", versions: ["5.100.0"] });
  });

  test("TF_PROVIDER_MIRROR without the provider is an error, not a silent fallback", () => {
    expect(() =>
      findMirror({ env: { TF_PROVIDER_MIRROR: root }, home: home() }),
    ).toThrow(
      /TF_PROVIDER_MIRROR=.* holds no registry.terraform.io\/hashicorp\/aws/,
    );
  });

  test("else the filesystem_mirror of the user's CLI configuration", () => {
    const dir = path.join(root, "from-rc");
    unpacked(dir, "5.100.0");
    const rc = path.join(root, "rc");
    writeFileSync(
      rc,
      `provider_installation {\n  filesystem_mirror { path = "${dir}" include = ["registry.terraform.io/hashicorp/aws"] }\n  direct {}\n}\n`,
    );
    expect(
      findMirror({ env: { TF_CLI_CONFIG_FILE: rc }, home: home() }),
    ).toEqual({
      dir,
      how: `the filesystem_mirror of ${rc}`,
      versions: ["5.100.0"],
    });
  });

  test("else the first usual place holding the provider", () => {
    const dirs = usualMirrorDirs({ env: {}, home: home() });
    expect(dirs).toEqual([
      "/opt/tf-plugins",
      path.join(home(), ".terraform.d", "plugins"),
      path.join(home(), ".local", "share", "terraform", "plugins"),
      "/usr/local/share/terraform/plugins",
      "/usr/share/terraform/plugins",
    ]);
    unpacked(dirs[2], "5.1.0");
    unpacked(dirs[1], "5.2.0");
    expect(
      findMirror({
        env: { TF_CLI_CONFIG_FILE: path.join(root, "missing") },
        home: home(),
        dirs: dirs.slice(1),
      }),
    ).toEqual({
      dir: dirs[1],
      how: "found on this machine",
      versions: ["5.2.0"],
    });
  });

  test("none: the registry", () => {
    expect(findMirror({ env: {}, home: home(), dirs: [] })).toBeUndefined();
  });
});

test("the CLI configuration takes the AWS provider from the mirror only, with one plugin cache", () => {
  expect(
    cliConfig({ dir: "/m", how: "", versions: ["5.100.0"] }, "/cache"),
  ).toBe(
    `provider_installation {
  filesystem_mirror {
    path    = "/m"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
plugin_cache_dir = "/cache"
`,
  );
  expect(cliConfig(undefined, "/cache")).toBe('plugin_cache_dir = "/cache"\n');
});

describe("v6 -> v5 mappings", () => {
  test("JSON: the exclusion filter goes, the mutability keeps its base value; each is reported", () => {
    const document = {
      resource: {
        aws_ecr_repository: {
          base: {
            name: "acme/base",
            image_tag_mutability: "IMMUTABLE_WITH_EXCLUSION",
            image_tag_mutability_exclusion_filter: [
              { filter: "latest", filter_type: "WILDCARD" },
            ],
          },
          plain: { name: "acme/plain", image_tag_mutability: "IMMUTABLE" },
        },
      },
    };
    expect(mapJsonToV5("acme-shared", document)).toEqual([
      {
        stack: "acme-shared",
        address: "aws_ecr_repository.base",
        change:
          'image_tag_mutability "IMMUTABLE_WITH_EXCLUSION" -> "IMMUTABLE"',
      },
      {
        stack: "acme-shared",
        address: "aws_ecr_repository.base",
        change:
          'image_tag_mutability_exclusion_filter dropped ({"filter":"latest","filter_type":"WILDCARD"})',
      },
    ]);
    expect(document.resource.aws_ecr_repository).toEqual({
      base: { name: "acme/base", image_tag_mutability: "IMMUTABLE" },
      plain: { name: "acme/plain", image_tag_mutability: "IMMUTABLE" },
    });
  });

  test("HCL: the same on formatted .tf text, other resources untouched", () => {
    const text = [
      'resource "aws_ecr_repository" "base" {',
      '  image_tag_mutability = "MUTABLE_WITH_EXCLUSION"',
      '  name                 = "acme/base"',
      "  image_tag_mutability_exclusion_filter {",
      '    filter      = "latest"',
      '    filter_type = "WILDCARD"',
      "  }",
      "}",
      'resource "aws_other" "x" {',
      '  image_tag_mutability = "MUTABLE_WITH_EXCLUSION"',
      "}",
    ].join("\n");
    const { text: mapped, applied } = mapHclToV5("acme-shared", text);
    expect(mapped).toBe(
      [
        'resource "aws_ecr_repository" "base" {',
        '  image_tag_mutability = "MUTABLE"',
        '  name                 = "acme/base"',
        "}",
        'resource "aws_other" "x" {',
        '  image_tag_mutability = "MUTABLE_WITH_EXCLUSION"',
        "}",
      ].join("\n"),
    );
    expect(applied.map((m) => m.change)).toEqual([
      'image_tag_mutability "MUTABLE_WITH_EXCLUSION" -> "MUTABLE"',
      'image_tag_mutability_exclusion_filter dropped (filter      = "latest", filter_type = "WILDCARD")',
    ]);
  });
});

describe("v6 -> v5 mappings: the per-resource region", () => {
  // AWS provider 6's `region` argument on the Slack channel (constructs/notification-topic.ts):
  // v5 has none and creates everything in the provider's region.
  const CHANGE = 'region "us-east-2" dropped (v5 has no per-resource region)';

  test("JSON: dropped from the Slack channel configuration only, and reported", () => {
    const document = {
      resource: {
        aws_chatbot_slack_channel_configuration: {
          "chatbot-slack": { configuration_name: "acme", region: "us-east-2" },
        },
        aws_other: { x: { region: "us-east-2" } },
      },
    };
    expect(mapJsonToV5("acme-shared", document)).toEqual([
      {
        stack: "acme-shared",
        address: "aws_chatbot_slack_channel_configuration.chatbot-slack",
        change: CHANGE,
      },
    ]);
    expect(document.resource).toEqual({
      aws_chatbot_slack_channel_configuration: {
        "chatbot-slack": { configuration_name: "acme" },
      },
      aws_other: { x: { region: "us-east-2" } },
    });
  });

  test("HCL: the same on formatted .tf text; nested blocks and other resources untouched", () => {
    const text = [
      'resource "aws_chatbot_slack_channel_configuration" "chatbot-slack" {',
      '  configuration_name = "acme-pipelines"',
      '  region             = "us-east-2"',
      "  timeouts {",
      '    region = "kept"',
      "  }",
      "}",
      'resource "aws_other" "x" {',
      '  region = "us-east-2"',
      "}",
    ].join("\n");
    const { text: mapped, applied } = mapHclToV5("acme-shared", text);
    expect(mapped).toBe(
      [
        'resource "aws_chatbot_slack_channel_configuration" "chatbot-slack" {',
        '  configuration_name = "acme-pipelines"',
        "  timeouts {",
        '    region = "kept"',
        "  }",
        "}",
        'resource "aws_other" "x" {',
        '  region = "us-east-2"',
        "}",
      ].join("\n"),
    );
    expect(applied).toEqual([
      {
        stack: "acme-shared",
        address: "aws_chatbot_slack_channel_configuration.chatbot-slack",
        change: CHANGE,
      },
    ]);
  });
});

describe("diagnostics", () => {
  test.each([
    ["resource.aws_ecr_repository.base", "aws_ecr_repository.base"],
    ['resource "aws_ecr_repository" "base"', "aws_ecr_repository.base"],
    ['data "aws_kms_alias" "key"', "data.aws_kms_alias.key"],
    [null, ""],
  ])("the address of context %j is %j", (context, address) => {
    expect(addressOf(context)).toBe(address);
  });

  test("read as file:line:col address: severity: summary: detail", () => {
    expect(
      formatDiagnostic("/tmp/v/stacks", "acme-shared", {
        severity: "error",
        summary: "Extraneous JSON object property",
        detail: 'No argument or block type is named\n"x".',
        range: { filename: "cdk.tf.json", start: { line: 441, column: 9 } },
        snippet: { context: "resource.aws_ecr_repository.base" },
      }),
    ).toBe(
      '/tmp/v/stacks/acme-shared/cdk.tf.json:441:9 aws_ecr_repository.base: error: Extraneous JSON object property: No argument or block type is named "x".',
    );
  });
});

describe("stacks whose providers the run cannot install", () => {
  const mirror = { dir: "/m", how: "", versions: ["5.100.0"] };

  test("required providers, from cdk.tf.json and from cdk.tf, as registry addresses", () => {
    expect(
      requiredProviders(
        "cdk.tf.json",
        JSON.stringify({
          terraform: {
            required_providers: {
              aws: { source: "aws", version: "6.25.0" },
              tfe: { source: "hashicorp/tfe", version: "0.71.0" },
            },
          },
        }),
      ),
    ).toEqual([
      "registry.terraform.io/hashicorp/aws",
      "registry.terraform.io/hashicorp/tfe",
    ]);
    expect(
      requiredProviders(
        "cdk.tf",
        'terraform {\nrequired_providers {\n  tfe = {\nversion = "0.71.0"\nsource = "hashicorp/tfe"\n}\n}\nbackend "local" {\npath = "x"\n}\n}\n\nresource "aws_codebuild_project" "p" {\nsource = "not a provider"\n}\n',
      ),
    ).toEqual(["registry.terraform.io/hashicorp/tfe"]);
    expect(providerAddress("example.com/acme/thing")).toBe(
      "example.com/acme/thing",
    );
  });

  test("with a mirror, anything but the AWS provider is unavailable; without one, nothing is", () => {
    const required = [
      "registry.terraform.io/hashicorp/aws",
      "registry.terraform.io/hashicorp/tfe",
    ];
    expect(unavailableProviders(required, mirror)).toEqual([
      "registry.terraform.io/hashicorp/tfe",
    ]);
    expect(
      unavailableProviders(["registry.terraform.io/hashicorp/aws"], mirror),
    ).toEqual([]);
    expect(unavailableProviders(required, undefined)).toEqual([]);
  });
});
