/**
 * terraform.cloud.workspaces: the `<organisation>-workspaces` stack (hashicorp/tfe 0.71.0 through
 * @cdktf/provider-tfe 12.5.1). The provider is not in the local plugin mirror, so `npm run
 * validate` skips this stack; these tests pin every argument of every tfe resource against the
 * provider's documentation of that version instead:
 *   resources/workspace, workspace_settings, variable, run_trigger; data-sources/project
 *   (https://registry.terraform.io/providers/hashicorp/tfe/0.71.0/docs/...), whose argument names
 *   are the ones in the package's .d.ts (lib/<resource>/index.d.ts).
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { readFileSync } from "fs";
import * as path from "path";
import { workspacesPlan } from "../plan/workspaces";
import {
  addresses,
  FIXTURES,
  Json,
  load,
  strip,
  synthStacks,
  synthTexts,
} from "./support/synth";

const CLOUD = readFileSync(path.join(FIXTURES, "valid", "cloud.yaml"), "utf8");

/** The role's trust policy for valid/cloud.yaml. */
const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "HcpTerraformRuns",
      Effect: "Allow",
      Principal: {
        Federated: "arn:aws:iam::123456789012:oidc-provider/app.terraform.io",
      },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { "app.terraform.io:aud": "aws.workload.identity" },
        StringLike: {
          "app.terraform.io:sub":
            "organization:acme-corp:project:delivery:workspace:delivery-acme-*:run_phase:*",
        },
      },
    },
  ],
};

const DESCRIPTION = (stack: string) =>
  `State and runs of the stack ${stack} (cdktf.out/stacks/${stack}), synthesized from the delivery catalogue: change the catalogue, not this workspace.`;

describe("the workspaces stack of valid/cloud.yaml", () => {
  const stacks = synthStacks(load(CLOUD));
  const ws: Json = stacks["acme-workspaces"];

  test("is an extra stack beside the others", () => {
    expect(Object.keys(stacks).sort()).toEqual([
      "acme-api",
      "acme-shared",
      "acme-web",
      "acme-workspaces",
    ]);
  });

  test("uses the tfe provider alone, for the catalogue's host and organization, with local state", () => {
    expect(ws.terraform).toEqual({
      backend: {
        local: { path: "../../../terraform.acme-workspaces.tfstate" },
      },
      required_providers: {
        tfe: { source: "hashicorp/tfe", version: "0.71.0" },
      },
    });
    // No token here: the provider reads TFE_TOKEN or `terraform login`'s credentials.
    expect(ws.provider).toEqual({
      tfe: [{ hostname: "app.terraform.io", organization: "acme-corp" }],
    });
  });

  test("every resource, by address: a workspace, its settings, two variables per stack, a trigger per service", () => {
    expect(addresses(ws)).toEqual(
      [
        ...["acme-api", "acme-web"].map((s) => `tfe_run_trigger.${s}_trigger`),
        ...["acme-api", "acme-shared", "acme-web"].flatMap((s) => [
          `tfe_variable.${s}_aws-auth`,
          `tfe_variable.${s}_aws-role`,
        ]),
        ...["acme-api", "acme-shared", "acme-web"].map(
          (s) => `tfe_workspace.${s}_workspace`,
        ),
        ...["acme-api", "acme-shared", "acme-web"].map(
          (s) => `tfe_workspace_settings.${s}_settings`,
        ),
      ].sort(),
    );
  });

  test("the project is found by name (data-sources/project: name, organization)", () => {
    expect(Object.keys(ws.data)).toEqual(["tfe_project"]);
    expect(strip(ws.data.tfe_project.project)).toEqual({
      name: "delivery",
      organization: "acme-corp",
    });
  });

  test.each(["acme-shared", "acme-api", "acme-web"])(
    "%s: a CLI-driven workspace (no vcs_repo) in the project, pinned, tagged, never force-deleted",
    (stack) => {
      expect(strip(ws.resource.tfe_workspace[`${stack}_workspace`])).toEqual({
        name: `delivery-${stack}`,
        organization: "acme-corp",
        project_id: "${data.tfe_project.project.id}",
        description: DESCRIPTION(stack),
        terraform_version: "1.11.4",
        tags: { "cost-centre": "cc-1234", stack, team: "platform" },
        force_delete: false,
        auto_apply: false,
        auto_apply_run_trigger: false,
        allow_destroy_plan: false,
        queue_all_runs: false,
      });
    },
  );

  test.each(["acme-shared", "acme-api", "acme-web"])(
    "%s: remote execution and no global state sharing, on tfe_workspace_settings (deprecated on tfe_workspace)",
    (stack) => {
      expect(
        strip(ws.resource.tfe_workspace_settings[`${stack}_settings`]),
      ).toEqual({
        workspace_id: `\${tfe_workspace.${stack}_workspace.id}`,
        execution_mode: "remote",
        global_remote_state: false,
      });
    },
  );

  test.each(["acme-shared", "acme-api", "acme-web"])(
    "%s: AWS dynamic credentials as two environment variables",
    (stack) => {
      const id = `\${tfe_workspace.${stack}_workspace.id}`;
      expect(strip(ws.resource.tfe_variable[`${stack}_aws-auth`])).toEqual({
        workspace_id: id,
        category: "env",
        key: "TFC_AWS_PROVIDER_AUTH",
        value: "true",
        description: "AWS dynamic credentials for every run.",
      });
      expect(strip(ws.resource.tfe_variable[`${stack}_aws-role`])).toEqual({
        workspace_id: id,
        category: "env",
        key: "TFC_AWS_RUN_ROLE_ARN",
        value: "arn:aws:iam::123456789012:role/tfc-delivery",
        description:
          "The role runs assume (terraform.cloud.workspaces.awsRoleArn).",
      });
    },
  );

  test("a run trigger from the shared workspace to every service workspace, none to itself", () => {
    expect(strip(ws.resource.tfe_run_trigger)).toEqual({
      "acme-api_trigger": {
        workspace_id: "${tfe_workspace.acme-api_workspace.id}",
        sourceable_id: "${tfe_workspace.acme-shared_workspace.id}",
      },
      "acme-web_trigger": {
        workspace_id: "${tfe_workspace.acme-web_workspace.id}",
        sourceable_id: "${tfe_workspace.acme-shared_workspace.id}",
      },
    });
  });

  test("outputs the role's trust policy for this host, organization, project and prefix", () => {
    expect(Object.keys(ws.output)).toEqual(["aws-role-trust-policy"]);
    expect(JSON.parse(ws.output["aws-role-trust-policy"].value)).toEqual(TRUST);
  });

  test("the other stacks' cloud blocks name exactly the workspaces it creates", () => {
    const created = Object.values(ws.resource.tfe_workspace).map(
      (w: Json) => w.name,
    );
    expect(
      ["acme-shared", "acme-api", "acme-web"].map(
        (s) => stacks[s].terraform.cloud.workspaces.name,
      ),
    ).toEqual([
      "delivery-acme-shared",
      "delivery-acme-api",
      "delivery-acme-web",
    ]);
    expect(created.sort()).toEqual([
      "delivery-acme-api",
      "delivery-acme-shared",
      "delivery-acme-web",
    ]);
  });

  test("cdktf deploy applies it first: the shared stack depends on it", () => {
    const manifest = JSON.parse(
      synthTexts(load(CLOUD), { manifest: true })["manifest.json"],
    );
    expect(manifest.stacks["acme-shared"].dependencies).toEqual([
      "acme-workspaces",
    ]);
    expect(manifest.stacks["acme-workspaces"].dependencies).toEqual([]);
  });
});

describe("variants", () => {
  const base = (workspaces: string, cloud = "") =>
    `version: 1
organisation: acme
region: eu-west-1
terraform:
  cloud:
    organization: acme-corp
    hostname: tfe.acme.example
${cloud}    workspaces: ${workspaces}
services:
  api:
    source: { codecommit: { repository: api, branch: main } }
`;

  test("without terraform.cloud.workspaces there is no workspaces stack", () => {
    const text = base("{}").replace("    workspaces: {}\n", "");
    expect(workspacesPlan(load(text))).toBeUndefined();
    expect(Object.keys(synthTexts(load(text))).sort()).toEqual([
      "acme-api",
      "acme-shared",
    ]);
  });

  test("without a project: the organization's default project (no data source, no project_id) and its name in the trust policy", () => {
    const ws = synthStacks(
      load(base("{ awsRoleArn: arn:aws:iam::123456789012:role/tfc }")),
    )["acme-workspaces"];
    expect(ws.data).toBeUndefined();
    expect(
      ws.resource.tfe_workspace["acme-api_workspace"].project_id,
    ).toBeUndefined();
    expect(ws.provider.tfe).toEqual([
      { hostname: "tfe.acme.example", organization: "acme-corp" },
    ]);
    expect(
      JSON.parse(ws.output["aws-role-trust-policy"].value).Statement[0],
    ).toEqual({
      ...TRUST.Statement[0],
      Principal: {
        Federated: "arn:aws:iam::123456789012:oidc-provider/tfe.acme.example",
      },
      Condition: {
        StringEquals: { "tfe.acme.example:aud": "aws.workload.identity" },
        StringLike: {
          "tfe.acme.example:sub":
            "organization:acme-corp:project:Default Project:workspace:acme-*:run_phase:*",
        },
      },
    });
  });

  test("without awsRoleArn: no credentials variables and no trust policy output; the default version and only the stack tag", () => {
    const ws = synthStacks(load(base("{}")))["acme-workspaces"];
    expect(ws.resource.tfe_variable).toBeUndefined();
    expect(ws.output).toBeUndefined();
    expect(ws.resource.tfe_workspace["acme-api_workspace"]).toMatchObject({
      terraform_version: "1.11.4",
      tags: { stack: "acme-api" },
    });
  });

  test("the stack tag wins over a catalogue tag of the same key", () => {
    const ws = synthStacks(load(base("{ tags: { stack: mine, a: b } }")))[
      "acme-workspaces"
    ];
    expect(ws.resource.tfe_workspace["acme-api_workspace"].tags).toEqual({
      a: "b",
      stack: "acme-api",
    });
  });

  test("with stateWorkspace: its state in that (hand-made) workspace, by name, instead of a local file", () => {
    const ws = synthStacks(load(base("{ stateWorkspace: acme-workspaces }")))[
      "acme-workspaces"
    ];
    expect(ws.terraform.backend).toBeUndefined();
    expect(ws.terraform.cloud).toEqual({
      hostname: "tfe.acme.example",
      organization: "acme-corp",
      workspaces: { name: "acme-workspaces" },
    });
  });

  test("a retired service keeps its workspace and trigger (its stack still runs, to destroy what it ran)", () => {
    const ws = synthStacks(
      load(base("{}").replace("  api:\n", "  api:\n    retired: true\n")),
    )["acme-workspaces"];
    expect(Object.keys(ws.resource.tfe_workspace)).toEqual([
      "acme-api_workspace",
      "acme-shared_workspace",
    ]);
    expect(Object.keys(ws.resource.tfe_run_trigger)).toEqual([
      "acme-api_trigger",
    ]);
  });
});

describe("identity", () => {
  test("reordering the services changes nothing", () => {
    const reordered = CLOUD.replace(
      /( {2}api:\n(?: {4}.*\n)+)( {2}web:\n(?: {4}.*\n)+)/,
      "$2$1",
    );
    expect(reordered).not.toEqual(CLOUD);
    expect(synthTexts(load(reordered))).toEqual(synthTexts(load(CLOUD)));
  });

  test("adding a service adds its stack and changes only the workspaces stack", () => {
    const before = synthTexts(load(CLOUD));
    const after = synthTexts(
      load(
        `${CLOUD}  admin:\n    source: { connection: github, repository: acme/admin }\n    environments:\n      production: {}\n`,
      ),
    );
    expect(Object.keys(after).sort()).toEqual(
      [...Object.keys(before), "acme-admin"].sort(),
    );
    const changed = Object.keys(before).filter((s) => before[s] !== after[s]);
    expect(changed).toEqual(["acme-workspaces"]);
    const ws = JSON.parse(after["acme-workspaces"]);
    expect(ws.resource.tfe_workspace["acme-admin_workspace"].name).toBe(
      "delivery-acme-admin",
    );
    expect(ws.resource.tfe_run_trigger["acme-admin_trigger"]).toBeDefined();
  });

  test("turning workspace management on changes no other stack (their workspaces, and states, stay)", () => {
    const off = synthTexts(
      load(CLOUD.replace(/ {4}workspaces:\n(?: {6}.*\n)+/, "")),
    );
    const on = synthTexts(load(CLOUD));
    expect(Object.keys(off).sort()).toEqual(
      ["acme-api", "acme-shared", "acme-web"].sort(),
    );
    for (const stack of Object.keys(off)) expect(on[stack]).toBe(off[stack]);
  });
});

describe("every argument is one hashicorp/tfe 0.71.0 documents", () => {
  /** The argument anchors the package's generated types link to for a resource type. */
  function documented(kind: "resources" | "data-sources", type: string) {
    const dir = `${kind === "data-sources" ? "data-tfe-" : ""}${type.replace(/_/g, "-")}`;
    const types = readFileSync(
      require.resolve(`@cdktf/provider-tfe/lib/${dir}/index.d.ts`),
      "utf8",
    );
    const anchor = new RegExp(
      `tfe/0\\.71\\.0/docs/${kind}/${type}#([a-z_]+) `,
      "g",
    );
    return new Set([...types.matchAll(anchor)].map((m) => m[1]));
  }

  const ws = synthStacks(load(CLOUD))["acme-workspaces"];
  const blocks: [
    kind: "resources" | "data-sources",
    type: string,
    body: Json,
  ][] = [
    ...Object.entries(ws.resource).flatMap(([type, byName]) =>
      Object.values(byName as Json).map(
        (body) => ["resources", type.replace(/^tfe_/, ""), body] as const,
      ),
    ),
    ...Object.entries(ws.data).flatMap(([type, byName]) =>
      Object.values(byName as Json).map(
        (body) => ["data-sources", type.replace(/^tfe_/, ""), body] as const,
      ),
    ),
  ] as [kind: "resources" | "data-sources", type: string, body: Json][];

  test.each(
    blocks.map(([kind, type, body]) => [`${kind}/${type}`, kind, type, body]),
  )("%s", (_, kind, type, body) => {
    const known = documented(kind as "resources", type as string);
    expect(known.size).toBeGreaterThan(1);
    const unknown = Object.keys(strip(body)).filter((k) => !known.has(k));
    expect(unknown).toEqual([]);
  });
});

describe("the role's trust policy, in the IAM policy simulator", () => {
  // The simulator evaluates AssumeRoleWithWebIdentity conditions only on the identity providers
  // it knows (app.terraform.io is not one: its keys would be dropped as not applying), so the
  // policy is simulated with the host spelt as one it knows, in every place the host appears;
  // the exact document for app.terraform.io is pinned above.
  const HOST = "cognito-identity.amazonaws.com";
  const policy = JSON.parse(
    JSON.stringify(workspacesPlan(load(CLOUD))!.awsRole!.trustPolicy).replace(
      /app\.terraform\.io/g,
      HOST,
    ),
  );
  const PROVIDER = `arn:aws:iam::123456789012:oidc-provider/${HOST}`;

  async function decision(
    sub: string,
    options: { aud?: string; principal?: string } = {},
  ): Promise<string> {
    const result = await runSimulation(
      {
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: policy,
        request: {
          action: "sts:AssumeRoleWithWebIdentity",
          principal: options.principal ?? PROVIDER,
          resource: {
            resource: "arn:aws:iam::123456789012:role/tfc-delivery",
            accountId: "123456789012",
          },
          contextVariables: {
            [`${HOST}:aud`]: options.aud ?? "aws.workload.identity",
            [`${HOST}:sub`]: sub,
          },
        },
      },
      {},
    );
    if (result.resultType !== "single")
      throw new Error(JSON.stringify(result).slice(0, 500));
    // A context key the simulator drops would make every answer a denial: none may be.
    expect(result.result.ignoredContextKeys ?? []).toEqual([]);
    return result.overallResult;
  }
  const sub = (
    workspace: string,
    phase = "apply",
    org = "acme-corp",
    project = "delivery",
  ) =>
    `organization:${org}:project:${project}:workspace:${workspace}:run_phase:${phase}`;

  test.each([
    ["the shared stack's plan", sub("delivery-acme-shared", "plan")],
    ["a service's apply", sub("delivery-acme-api")],
    ["a service added later", sub("delivery-acme-new")],
    // The price of the pattern (README: "What the pattern trusts"): names, not ids, are matched.
    [
      "any workspace of a matching name in the project, stack or not",
      sub("delivery-acme-created-by-hand"),
    ],
  ])("allowed: %s", async (_, token) => {
    expect(await decision(token)).toBe("Allowed");
  });

  test.each([
    ["another organization", sub("delivery-acme-api", "apply", "other-org")],
    [
      "another project",
      sub("delivery-acme-api", "apply", "acme-corp", "sandbox"),
    ],
    ["a workspace without the prefix", sub("acme-api")],
    ["another catalogue's workspace", sub("delivery-other-api")],
  ])("denied: %s", async (_, token) => {
    expect(await decision(token)).toBe("ImplicitlyDenied");
  });

  test("denied: a token for another audience", async () => {
    expect(
      await decision(sub("delivery-acme-api"), {
        aud: "vault.workload.identity",
      }),
    ).toBe("ImplicitlyDenied");
  });

  test("denied: another identity provider, or the same host in another account", async () => {
    expect(
      await decision(sub("delivery-acme-api"), {
        principal:
          "arn:aws:iam::123456789012:oidc-provider/accounts.google.com",
      }),
    ).toBe("ImplicitlyDenied");
    expect(
      await decision(sub("delivery-acme-api"), {
        principal: `arn:aws:iam::210987654321:oidc-provider/${HOST}`,
      }),
    ).toBe("ImplicitlyDenied");
  });
});
