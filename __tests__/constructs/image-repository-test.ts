/**
 * ImageRepository alone, in a fresh DeliveryStack (it reads the account from its stack): the
 * repository's settings, its lifecycle rules and its repository policy, exactly.
 */
import {
  ImageRepository,
  ImageRepositoryProps,
  lifecycleRules,
  repositoryProblems,
} from "../../constructs/image-repository";
import { constructProblems } from "../../constructs/private/validation";
import {
  ACCOUNT,
  KEY_ARN,
  deliveryStack,
  imageRepositoryProps,
  imageSettings,
  synthJson,
  synthScopeJson,
} from "../support/builders";
import { Json, resource, statements } from "../support/synth";

function synth(props: ImageRepositoryProps): Json {
  const stack = deliveryStack();
  new ImageRepository(stack, "image", props);
  return synthJson(stack);
}

const PULL = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];

test("defaults: immutable tags, scan on push, the catalogue's key, never destroyed", () => {
  const json = synth(imageRepositoryProps());
  expect(resource(json, "aws_ecr_repository", "image_repository")).toEqual({
    name: "acme/api",
    image_tag_mutability: "IMMUTABLE",
    image_scanning_configuration: { scan_on_push: true },
    encryption_configuration: [{ encryption_type: "KMS", kms_key: KEY_ARN }],
    force_delete: false,
    lifecycle: { prevent_destroy: true },
  });
});

test("a movable tag in an immutable repository: IMMUTABLE_WITH_EXCLUSION for that tag", () => {
  const repository = resource(
    synth(imageRepositoryProps({ movableTag: "latest" })),
    "aws_ecr_repository",
    "image_repository",
  );
  expect(repository.image_tag_mutability).toBe("IMMUTABLE_WITH_EXCLUSION");
  expect(repository.image_tag_mutability_exclusion_filter).toEqual([
    { filter: "latest", filter_type: "WILDCARD" },
  ]);
});

test("a movable tag in a mutable repository changes nothing", () => {
  const repository = resource(
    synth(
      imageRepositoryProps({
        movableTag: "latest",
        settings: imageSettings({ tagMutability: "MUTABLE" }),
      }),
    ),
    "aws_ecr_repository",
    "image_repository",
  );
  expect(repository.image_tag_mutability).toBe("MUTABLE");
  expect(repository.image_tag_mutability_exclusion_filter).toBeUndefined();
});

test("AES256 encryption names no key", () => {
  const repository = resource(
    synth(
      imageRepositoryProps({
        settings: imageSettings({ encryption: "AES256" }),
      }),
    ),
    "aws_ecr_repository",
    "image_repository",
  );
  expect(repository.encryption_configuration).toEqual([
    { encryption_type: "AES256" },
  ]);
});

test("lifecycle: untagged expiry, then the deployed images' protection, then keepTagged", () => {
  const lifecycle = resource(
    synth(
      imageRepositoryProps({
        protectedTagPrefix: "deployed.",
        settings: imageSettings({ keepTagged: 12, expireUntaggedDays: 3 }),
      }),
    ),
    "aws_ecr_lifecycle_policy",
    "image_lifecycle",
  );
  expect(lifecycle.repository).toBe(
    "${aws_ecr_repository.image_repository.name}",
  );
  const rules = JSON.parse(lifecycle.policy).rules;
  expect(rules.map((r: Json) => [r.rulePriority, r.selection])).toEqual([
    [
      1,
      {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: 3,
      },
    ],
    [
      2,
      {
        tagStatus: "tagged",
        tagPatternList: ["deployed.*"],
        countType: "imageCountMoreThan",
        countNumber: 10000,
      },
    ],
    [
      3,
      {
        tagStatus: "tagged",
        tagPatternList: ["*"],
        countType: "imageCountMoreThan",
        countNumber: 12,
      },
    ],
  ]);
});

test("without a protected prefix: two rules", () => {
  const lifecycle = resource(
    synth(imageRepositoryProps()),
    "aws_ecr_lifecycle_policy",
    "image_lifecycle",
  );
  expect(
    JSON.parse(lifecycle.policy).rules.map((r: Json) => r.description),
  ).toEqual([
    "Expire untagged images after 7 days",
    "Keep the newest 30 tagged images",
  ]);
});

test("repository policy: CodeBuild of this account pulls; no puller or pusher statement unless listed", () => {
  const policy = resource(
    synth(imageRepositoryProps()),
    "aws_ecr_repository_policy",
    "image_policy",
  );
  expect(statements(policy.policy)).toEqual({
    CodeBuildPull: {
      Sid: "CodeBuildPull",
      Effect: "Allow",
      Principal: { Service: "codebuild.amazonaws.com" },
      Action: PULL,
      Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
    },
  });
});

test("listed pullers and pushers get their statements", () => {
  const policy = resource(
    synth(
      imageRepositoryProps({
        settings: imageSettings({
          pullers: ["arn:aws:iam::444455556666:root"],
          pushers: ["arn:aws:iam::777788889999:role/ci"],
        }),
      }),
    ),
    "aws_ecr_repository_policy",
    "image_policy",
  );
  const bySid = statements(policy.policy);
  expect(Object.keys(bySid)).toEqual([
    "CodeBuildPull",
    "CataloguePullers",
    "CataloguePushers",
  ]);
  expect(bySid.CataloguePullers.Principal).toEqual({
    AWS: "arn:aws:iam::444455556666:root",
  });
  expect(bySid.CataloguePullers.Action).toEqual(PULL);
  expect(bySid.CataloguePushers.Principal).toEqual({
    AWS: "arn:aws:iam::777788889999:role/ci",
  });
  expect(bySid.CataloguePushers.Action).toContain("ecr:PutImage");
});

test("outside a DeliveryStack it refuses to build (it needs the stack's account)", () => {
  expect(() =>
    synthScopeJson((scope) => {
      new ImageRepository(scope, "image", imageRepositoryProps());
    }),
  ).toThrow(/stack\/image is not in a DeliveryStack/);
});

test("addresses() names the three resources its constructs get", () => {
  const json = synth(imageRepositoryProps());
  const actual = Object.entries(json.resource).flatMap(([type, byName]) =>
    Object.keys(byName as object).map((name) => `${type}.${name}`),
  );
  expect(ImageRepository.addresses(["image"]).sort()).toEqual(actual.sort());
});

describe("invariants checked at synth (repositoryProblems, node.addValidation)", () => {
  const marked = imageRepositoryProps({ protectedTagPrefix: "deployed." });

  test("the rules it renders protect the markers: no problem", () => {
    expect(repositoryProblems(marked, lifecycleRules(marked))).toEqual([]);
    const stack = deliveryStack();
    new ImageRepository(stack, "image", marked);
    expect(constructProblems(stack)).toEqual([]);
  });

  test("a rule that can select a marker before the protection rule would expire images environments run", () => {
    const [untagged, protection, keepTagged] = lifecycleRules(marked);
    const reordered = [
      untagged,
      { ...keepTagged, rulePriority: 2 },
      { ...protection, rulePriority: 3 },
    ];
    expect(repositoryProblems(marked, reordered)).toEqual([
      'lifecycle rule 2 ("Keep the newest 30 tagged images") can expire images tagged deployed.* before any rule protects them',
    ]);
    // A protection rule that keeps too few is no protection either; without one, none.
    const fewer = {
      ...protection,
      selection: { ...protection.selection, countNumber: 100 },
    };
    expect(repositoryProblems(marked, [untagged, fewer, keepTagged])).toEqual([
      `lifecycle rule 2 ("${protection.description}") can expire images tagged deployed.* before any rule protects them`,
    ]);
    expect(
      repositoryProblems(marked, [
        untagged,
        {
          ...keepTagged,
          selection: { ...keepTagged.selection, tagPatternList: ["v*"] },
        },
      ]),
    ).toEqual(["no lifecycle rule protects images tagged deployed.*"]);
  });

  test("a movable tag that is a marker is refused by the construct, at synth", () => {
    const stack = deliveryStack();
    new ImageRepository(stack, "image", {
      ...marked,
      movableTag: "deployed.latest",
    });
    expect(constructProblems(stack)).toEqual([
      'test/image: the movable tag "deployed.latest" starts with the protected prefix "deployed.": a marker must stay where it is',
    ]);
  });
});
