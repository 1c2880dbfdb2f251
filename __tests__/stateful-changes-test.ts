/**
 * The warning before an edit destroys something: which stateful resources the new stacks would
 * replace, destroy or orphan, compared with the previous output. Plain JSON objects first, then
 * everyday edits of the example catalogue through the real constructs.
 */
import { readFileSync } from "fs";
import {
  deleteHint,
  describeChange,
  isDeletedEntry,
  isRetirement,
  STATEFUL_TYPES,
  StatefulChange,
  statefulChanges,
} from "../constructs/private/stateful-changes";
import { EXAMPLE, Json, load, synthStacks } from "./support/synth";

/** A stack as cdktf writes it: resources with their construct path in "//" metadata. */
function stack(
  name: string,
  resources: Record<string, [path: string, body: Json]>,
  extra: Json = {},
): Json {
  const resource: Json = {};
  for (const [address, [path, body]] of Object.entries(resources)) {
    const [type, id] = address.split(".");
    resource[type] ??= {};
    resource[type][id] = {
      "//": { metadata: { path: `${name}/${path}`, uniqueId: id } },
      ...body,
    };
  }
  return { "//": { metadata: { stackName: name } }, resource, ...extra };
}

const REPOSITORY = {
  name: "acme/api",
  encryption_configuration: [
    {
      encryption_type: "KMS",
      kms_key: "${data.aws_kms_alias.catalogue-key.target_key_arn}",
    },
  ],
  image_tag_mutability: "IMMUTABLE",
  lifecycle: { prevent_destroy: true },
};
const ENVIRONMENT = {
  name: "acme-api-prod",
  application: "${aws_elastic_beanstalk_application.application.name}",
  cname_prefix: "acme-api",
  setting: [{ namespace: "aws:autoscaling:asg", name: "MinSize", value: "1" }],
};

/** The service stack `acme-api`, with its resources' bodies changed by `edit`. */
function api(
  edit: (r: Record<string, Json>) => void = () => {},
  extra: Json = {},
): Json {
  const bodies: Record<string, Json> = {
    "aws_ecr_repository.image_repository": structuredClone(REPOSITORY),
    "aws_elastic_beanstalk_environment.env-prod_environment":
      structuredClone(ENVIRONMENT),
    "aws_elastic_beanstalk_environment.env-staging_environment": {
      ...structuredClone(ENVIRONMENT),
      name: "acme-api-staging",
      cname_prefix: undefined,
    },
    "aws_cloudwatch_log_group.build_logs": {
      name: "/aws/codebuild/acme-api",
      retention_in_days: 365,
    },
    "aws_iam_role.build_role": { name: "acme-api-build" },
  };
  edit(bodies);
  const paths: Record<string, string> = {
    "aws_ecr_repository.image_repository": "image/repository",
    "aws_elastic_beanstalk_environment.env-prod_environment":
      "env-prod/environment",
    "aws_elastic_beanstalk_environment.env-staging_environment":
      "env-staging/environment",
    "aws_cloudwatch_log_group.build_logs": "build/logs",
    "aws_iam_role.build_role": "build/role",
  };
  return stack(
    "acme-api",
    Object.fromEntries(
      Object.entries(bodies)
        .filter(([, body]) => body !== undefined)
        .map(([address, body]) => [
          address,
          [paths[address] ?? address, JSON.parse(JSON.stringify(body))],
        ]),
    ),
    extra,
  );
}

function changes(before: Json, after: Json | undefined): StatefulChange[] {
  return statefulChanges(
    { "acme-api": before },
    after === undefined ? {} : { "acme-api": after },
    "acme",
  );
}

/** kind, where, address and reason, for compact expectations. */
function brief(list: StatefulChange[]): string[] {
  return list.map((c) => `${c.kind} ${c.where} ${c.address}: ${c.because}`);
}

describe("the stateful resource types", () => {
  test("each lists the arguments that force a new resource (checked with terraform plan against the AWS provider)", () => {
    expect(
      Object.fromEntries(
        Object.entries(STATEFUL_TYPES).map(([type, t]) => [
          type,
          t.forcing.map((f) => f.name),
        ]),
      ),
    ).toEqual({
      aws_ecr_repository: ["name", "encryption_configuration"],
      aws_elastic_beanstalk_environment: ["name", "cname_prefix", "tier"],
      aws_elastic_beanstalk_application: ["name"],
      aws_s3_bucket: ["bucket", "bucket_prefix", "object_lock_enabled"],
      aws_kms_key: [
        "customer_master_key_spec",
        "key_usage",
        "multi_region",
        "custom_key_store_id",
        "xks_key_id",
      ],
      aws_kms_alias: ["name", "name_prefix"],
      aws_cloudwatch_log_group: ["name", "name_prefix", "log_group_class"],
      aws_codeconnections_connection: ["name", "provider_type", "host_arn"],
      aws_ssm_parameter: ["name", "data_type"],
      aws_lb: [
        "name",
        "name_prefix",
        "internal",
        "load_balancer_type",
        "customer_owned_ipv4_pool",
      ],
      aws_lb_target_group: [
        "name",
        "name_prefix",
        "port",
        "protocol",
        "protocol_version",
        "target_type",
        "vpc_id",
        "ip_address_type",
      ],
      aws_sns_topic: ["name", "name_prefix", "fifo_topic"],
      // hashicorp/tfe 0.71.0's schema (resource_tfe_workspace.go): no tfe provider offline to
      // plan with; a new name is an update in place.
      tfe_workspace: ["organization"],
    });
  });

  test.each(
    Object.entries(STATEFUL_TYPES).flatMap(([type, t]) =>
      t.forcing.map((f) => [type, f.name] as const),
    ),
  )("%s: a change of %s is a replacement", (type, argument) => {
    const before = stack("acme-api", {
      [`${type}.thing`]: ["thing", { [argument]: "one", other: 1 }],
    });
    const after = stack("acme-api", {
      [`${type}.thing`]: ["thing", { [argument]: "two", other: 2 }],
    });
    expect(brief(changes(before, after))).toEqual([
      `replace services.api ${type}.thing: ${argument} "one" -> "two"`,
    ]);
  });
});

describe("replacements", () => {
  test("renaming an image repository: replaced, and terraform will refuse (prevent_destroy)", () => {
    const found = changes(
      api(),
      api((r) => (r["aws_ecr_repository.image_repository"].name = "acme/api2")),
    );
    expect(found).toEqual([
      {
        kind: "replace",
        stack: "acme-api",
        address: "aws_ecr_repository.image_repository",
        where: "services.api.image",
        what: 'image repository "acme/api"',
        because: 'name "acme/api" -> "acme/api2"',
        loss: "every image in it",
        refused: true,
      },
    ]);
    expect(describeChange(found[0])).toBe(
      'services.api.image: the image repository "acme/api" would be REPLACED (destroyed and created again): name "acme/api" -> "acme/api2". Lost: every image in it. prevent_destroy is set, so terraform plan will refuse it until that is lifted. [acme-api: aws_ecr_repository.image_repository]',
    );
  });

  test("changing image.encryption replaces the repository (encryption_configuration)", () => {
    expect(
      brief(
        changes(
          api(),
          api(
            (r) =>
              (r[
                "aws_ecr_repository.image_repository"
              ].encryption_configuration = [{ encryption_type: "AES256" }]),
          ),
        ),
      ),
    ).toEqual([
      'replace services.api.image aws_ecr_repository.image_repository: encryption_configuration [{"encryption_type":"KMS","kms_key":"${data.aws_kms_alias.catalogue-key.target_key_arn}"}] -> [{"encryption_type":"AES256"}]',
    ]);
  });

  test("setting or changing a cnamePrefix replaces the environment; removing it does not (the CNAME stays)", () => {
    const env = "aws_elastic_beanstalk_environment.env-staging_environment";
    const prod = "aws_elastic_beanstalk_environment.env-prod_environment";
    expect(
      brief(
        changes(
          api(),
          api((r) => (r[env].cname_prefix = "acme-stg")),
        ),
      ),
    ).toEqual([
      `replace services.api.environments.staging ${env}: cname_prefix (not set) -> "acme-stg"`,
    ]);
    expect(
      brief(
        changes(
          api(),
          api((r) => (r[prod].cname_prefix = "acme-api2")),
        ),
      ),
    ).toEqual([
      `replace services.api.environments.prod ${prod}: cname_prefix "acme-api" -> "acme-api2"`,
    ]);
    expect(
      changes(
        api(),
        api((r) => delete r[prod].cname_prefix),
      ),
    ).toEqual([]);
  });

  test("the environment's tier: WebServer is the default; Worker replaces it", () => {
    const env = "aws_elastic_beanstalk_environment.env-prod_environment";
    expect(
      changes(
        api(),
        api((r) => (r[env].tier = "WebServer")),
      ),
    ).toEqual([]);
    expect(
      brief(
        changes(
          api(),
          api((r) => (r[env].tier = "Worker")),
        ),
      ),
    ).toEqual([
      `replace services.api.environments.prod ${env}: tier (not set) -> "Worker"`,
    ]);
  });

  test("a forcing argument that refers to a replaced resource of the same stack is replaced too", () => {
    const shared = (spec: string) =>
      stack("acme-shared", {
        "aws_kms_key.key": [
          "key",
          {
            description: "acme delivery",
            customer_master_key_spec: spec,
            lifecycle: { prevent_destroy: true },
          },
        ],
        "aws_ecr_repository.base-ruby_repository": [
          "base-ruby/repository",
          {
            name: "acme/ruby",
            encryption_configuration: [
              { encryption_type: "KMS", kms_key: "${aws_kms_key.key.arn}" },
            ],
          },
        ],
      });
    expect(
      brief(
        statefulChanges(
          { "acme-shared": shared("SYMMETRIC_DEFAULT") },
          { "acme-shared": shared("RSA_2048") },
          "acme",
        ),
      ),
    ).toEqual([
      "replace baseImages.ruby aws_ecr_repository.base-ruby_repository: encryption_configuration refers to aws_kms_key.key, which is replaced",
      'replace organisation aws_kms_key.key: customer_master_key_spec "SYMMETRIC_DEFAULT" -> "RSA_2048"',
    ]);
  });
});

describe("destroys", () => {
  test("removing an environment destroys it", () => {
    const found = changes(
      api(),
      api(
        (r) =>
          delete r["aws_elastic_beanstalk_environment.env-staging_environment"],
      ),
    );
    expect(found).toEqual([
      {
        kind: "destroy",
        stack: "acme-api",
        address: "aws_elastic_beanstalk_environment.env-staging_environment",
        where: "services.api.environments.staging",
        what: 'Beanstalk environment "acme-api-staging"',
        because: "it is no longer in the output",
        loss: "its instances, load balancer and URL (the CNAME is free for anyone to take)",
        refused: false,
      },
    ]);
  });

  test("prevent_destroy does not protect a resource whose block is gone, and the warning says so", () => {
    expect(
      brief(
        changes(
          api(),
          api((r) => delete r["aws_ecr_repository.image_repository"]),
        ),
      ),
    ).toEqual([
      "destroy services.api.image aws_ecr_repository.image_repository: it is no longer in the output (prevent_destroy does not stop this: it leaves with the resource's block)",
    ]);
  });

  test("a stack that disappears orphans every stateful resource in it", () => {
    expect(brief(changes(api(), undefined))).toEqual([
      "orphan services.api.build aws_cloudwatch_log_group.build_logs: its stack acme-api is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it)",
      "orphan services.api.image aws_ecr_repository.image_repository: its stack acme-api is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it)",
      "orphan services.api.environments.prod aws_elastic_beanstalk_environment.env-prod_environment: its stack acme-api is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it)",
      "orphan services.api.environments.staging aws_elastic_beanstalk_environment.env-staging_environment: its stack acme-api is no longer synthesized, so nothing will update or delete it again: it stays as it is, running and billed (and its state still lists it)",
    ]);
  });

  test.each([
    [
      "a list of removed blocks",
      [
        {
          from: "aws_ecr_repository.image_repository",
          lifecycle: { destroy: false },
        },
      ],
    ],
    [
      "one removed block, lifecycle as a list",
      {
        from: "aws_ecr_repository.image_repository",
        lifecycle: [{ destroy: false }],
      },
    ],
  ])(
    "a resource a removed block keeps (destroy = false) is not destroyed: %s",
    (_how, removed) => {
      expect(
        changes(
          api(),
          api((r) => delete r["aws_ecr_repository.image_repository"], {
            removed,
          }),
        ),
      ).toEqual([]);
    },
  );

  test("a removed block that destroys (destroy = true, or no lifecycle) is still a destroy", () => {
    for (const removed of [
      [
        {
          from: "aws_ecr_repository.image_repository",
          lifecycle: { destroy: true },
        },
      ],
      [{ from: "aws_ecr_repository.image_repository" }],
    ])
      expect(
        brief(
          changes(
            api(),
            api((r) => delete r["aws_ecr_repository.image_repository"], {
              removed,
            }),
          ),
        ).map((line) => line.split(":")[0]),
      ).toEqual([
        "destroy services.api.image aws_ecr_repository.image_repository",
      ]);
  });

  test("a resource a moved block carries to a new address is compared there, not destroyed", () => {
    const before = api();
    const after = api(
      (r) => {
        r["aws_ecr_repository.repository"] =
          r["aws_ecr_repository.image_repository"];
        delete r["aws_ecr_repository.image_repository"];
      },
      {
        moved: [
          {
            from: "aws_ecr_repository.image_repository",
            to: "aws_ecr_repository.repository",
          },
        ],
      },
    );
    expect(changes(before, after)).toEqual([]);
  });
});

describe("silence", () => {
  test("nothing stateful touched: in-place changes, new resources, non-stateful renames", () => {
    const after = api((r) => {
      r["aws_ecr_repository.image_repository"].image_tag_mutability = "MUTABLE";
      r["aws_elastic_beanstalk_environment.env-prod_environment"].setting = [];
      r["aws_elastic_beanstalk_environment.env-prod_environment"].application =
        "acme-api-renamed";
      r["aws_cloudwatch_log_group.build_logs"].retention_in_days = 30;
      delete r["aws_iam_role.build_role"];
      r["aws_iam_role.other_role"] = { name: "acme-api-other" };
      r["aws_elastic_beanstalk_environment.env-qa_environment"] = {
        name: "acme-api-qa",
      };
    });
    expect(changes(api(), after)).toEqual([]);
    expect(statefulChanges({}, { "acme-api": api() }, "acme")).toEqual([]);
  });
});

describe("everyday edits of the example catalogue, in the user's terms", () => {
  const example = readFileSync(EXAMPLE, "utf8");
  const before = synthStacks(load(example));
  const after = (edit: (text: string) => string) => {
    const edited = edit(example);
    expect(edited).not.toBe(example);
    return brief(
      statefulChanges(before, synthStacks(load(edited)), "acme"),
    ).map((line) => line.split(":")[0]);
  };

  test("changing an environment's cnamePrefix", () => {
    expect(
      after((t) =>
        t.replace(
          "cnamePrefix: acme-billing-staging",
          "cnamePrefix: acme-billing-stg",
        ),
      ),
    ).toEqual([
      "replace services.billing-api.environments.staging aws_elastic_beanstalk_environment.env-staging_environment",
    ]);
  });

  test("everyday edits of an ECS environment (sizes, counts, variables, secrets, a process's command) replace nothing stateful", () => {
    expect(
      after((t) =>
        t
          .replace(
            "        cpu: 512\n        memory: 1024\n",
            "        cpu: 1024\n        memory: 2048\n",
          )
          .replace("count: { min: 2, max: 6, cpuTarget: 70 }", "count: 3")
          .replace(
            "variables: { RAILS_ENV: production }\n        secrets:",
            "variables: { RAILS_ENV: production, LOG_LEVEL: info }\n        secrets:",
          )
          .replace(
            "secretsmanager:rails/production/db:url",
            "secretsmanager:rails/production/db2:url",
          )
          .replace(
            "command: [bundle, exec, sidekiq, -C, config/sidekiq.yml]",
            "command: [bundle, exec, sidekiq]",
          ),
      ),
    ).toEqual([]);
  });

  test("changing image.encryption", () => {
    expect(
      after((t) =>
        t.replace(
          "      pullers: [arn:aws:iam::210987654321:role/partner-ci]\n",
          "      pullers: [arn:aws:iam::210987654321:role/partner-ci]\n      encryption: AES256\n",
        ),
      ),
    ).toEqual([
      "replace services.storefront.image aws_ecr_repository.image_repository",
    ]);
  });

  test("retiring a service: only what retired: true asks for, the repository kept", () => {
    const edited = example.replace(
      "  storefront:\n",
      "  storefront:\n    retired: true\n",
    );
    const found = statefulChanges(before, synthStacks(load(edited)), "acme");
    expect(brief(found).map((line) => line.split(":")[0])).toEqual([
      "destroy services.storefront aws_cloudwatch_log_group.mark_logs",
      "destroy services.storefront aws_cloudwatch_log_group.smoke_logs",
      "destroy services.storefront aws_elastic_beanstalk_application.application",
      "destroy services.storefront.environments.production aws_elastic_beanstalk_environment.env-production_environment",
      "destroy services.storefront.environments.staging aws_elastic_beanstalk_environment.env-staging_environment",
    ]);
    expect(found.every((c) => isRetirement(c, ["services.storefront"]))).toBe(
      true,
    );
    // another entry's retirement does not excuse them, nor a name that only starts alike
    expect(found.some((c) => isRetirement(c, ["services.store"]))).toBe(false);
    expect(found.some((c) => isRetirement(c, ["baseImages.storefront"]))).toBe(
      false,
    );
  });

  test("deleting a base image outright: its repository is a deleted entry, with the way out", () => {
    const edited = example
      .replace(
        "  ci-tools:\n    source: { connection: github, repository: acme/ci-tools, branch: main }\n",
        "",
      )
      .replace("      customImage: ci-tools\n", "");
    const found = statefulChanges(before, synthStacks(load(edited)), "acme");
    const deleted = found.filter(isDeletedEntry);
    expect(brief(deleted).map((line) => line.split(":")[0])).toEqual([
      "destroy baseImages.ci-tools aws_ecr_repository.base-ci-tools_repository",
    ]);
    expect(deleteHint(deleted[0])).toBe(
      'set retired: true on baseImages.ci-tools and apply it first, then delete the entry (README: "Retiring and renaming"); if it was never applied, synthesize once with DELIVERY_COMPARE_WITH=none (compared with nothing)',
    );
    // its build log group is an ordinary destroy: a warning, not a deleted entry
    expect(found.filter((c) => !isDeletedEntry(c)).length).toBeGreaterThan(0);
  });

  test("renaming an environment", () => {
    expect(
      after((t) => t.replace("      staging: {}\n", "      qa: {}\n")),
    ).toEqual([
      "destroy services.storefront.environments.staging aws_elastic_beanstalk_environment.env-staging_environment",
    ]);
  });

  test("turning the docker builder off", () => {
    expect(
      after((t) =>
        t.replace(
          "dockerBuilder:\n  enabled: true\n",
          "dockerBuilder:\n  enabled: false\n",
        ),
      ),
    ).toEqual([
      "destroy dockerBuilder aws_cloudwatch_log_group.docker-builder_logs",
    ]);
  });

  test("removing a service", () => {
    // the last service of the file
    const start = example.indexOf("  reports-worker:\n");
    expect(
      example
        .slice(start)
        .split("\n")
        .filter((line) => /^ {0,2}\S/.test(line)),
    ).toEqual(["  reports-worker:"]);
    expect(after((t) => t.slice(0, start))).toEqual([
      "orphan services.reports-worker.build aws_cloudwatch_log_group.build_logs",
      "orphan services.reports-worker aws_cloudwatch_log_group.mark_logs",
      "orphan services.reports-worker.image aws_ecr_repository.image_repository",
      "orphan services.reports-worker aws_elastic_beanstalk_application.application",
      "orphan services.reports-worker.environments.production aws_elastic_beanstalk_environment.env-production_environment",
    ]);
  });

  test("changing what is not stateful (a port, instance types, a variable) is silent", () => {
    expect(
      after((t) =>
        t
          .replace("    port: 9292\n", "    port: 9393\n")
          .replace(
            "instanceTypes: [t3.medium, t3a.medium]",
            "instanceTypes: [t3.large]",
          )
          .replace(
            "variables: { RAILS_ENV: staging }",
            "variables: { RAILS_ENV: stage }",
          ),
      ),
    ).toEqual([]);
  });
});
