/**
 * The service repository's lifecycle policy, evaluated the way ECR documents it
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html): an image is
 * expired by at most one rule; an image that matches the tagging requirements of a rule cannot be
 * expired by a rule with a lower priority; a rule still counts images a higher rule matched;
 * counts rank by push time, newest first; a tag pattern list matches when every pattern matches
 * one of the image's tags.
 */
import { readFileSync } from "fs";
import { EXAMPLE, Json, load, resource, synthStacks } from "./support/synth";

interface Image {
  readonly digest: string;
  readonly tags: readonly string[];
  /** Push time, larger is newer. */
  readonly pushedAt: number;
}

interface Rule {
  readonly rulePriority: number;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPatternList?: readonly string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countNumber: number;
  };
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${escaped}$`);
}

function matches(rule: Rule, image: Image): boolean {
  const { tagStatus, tagPatternList } = rule.selection;
  if (tagStatus === "untagged") return image.tags.length === 0;
  if (tagStatus === "any") return true;
  if (image.tags.length === 0) return false;
  return (tagPatternList ?? []).every((p) =>
    image.tags.some((t) => wildcard(p).test(t)),
  );
}

/** The digests the policy expires, with image ages in days for sinceImagePushed rules. */
function expired(rules: readonly Rule[], images: readonly Image[]): string[] {
  const claimed = new Set<string>();
  const out = new Set<string>();
  const now = Math.max(...images.map((i) => i.pushedAt));
  for (const rule of [...rules].sort(
    (a, b) => a.rulePriority - b.rulePriority,
  )) {
    const selected = images
      .filter((i) => matches(rule, i))
      .sort((a, b) => b.pushedAt - a.pushedAt);
    const doomed =
      rule.selection.countType === "imageCountMoreThan"
        ? selected.slice(rule.selection.countNumber)
        : selected.filter((i) => now - i.pushedAt > rule.selection.countNumber);
    for (const image of doomed)
      if (!claimed.has(image.digest)) out.add(image.digest);
    for (const image of selected) claimed.add(image.digest);
  }
  return [...out].sort();
}

let rules: Rule[];
beforeAll(() => {
  const stack: Json = synthStacks(load(readFileSync(EXAMPLE, "utf8")))[
    "acme-billing-api"
  ];
  rules = JSON.parse(
    resource(stack, "aws_ecr_lifecycle_policy", "image_lifecycle").policy,
  ).rules;
});

/**
 * 80 builds, one a day; staging was deployed with each of the last five, production (behind an
 * approval) still runs build 5 and ran builds 1 to 4 before it.
 */
function history(): Image[] {
  const images: Image[] = [];
  for (let n = 1; n <= 80; n++) {
    const tags = [`commit${n}`];
    if (n <= 5) tags.push(`deployed.production.2026010${n}T000000Z`);
    if (n > 75) tags.push(`deployed.staging.202611${n - 70}T000000Z`);
    images.push({ digest: `build${n}`, tags, pushedAt: n });
  }
  return images;
}

const build = (n: number) => `build${n}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => build(from + i));

describe("the lifecycle policy of a service repository (keepTagged 50)", () => {
  test("expires the old unmarked builds, never one an environment was deployed with", () => {
    expect(expired(rules, history())).toEqual(range(6, 30).sort());
  });

  test("without the deployed.* rule (the policy before), production's running build would expire", () => {
    const before = rules.filter(
      (r) => !(r.selection.tagPatternList ?? []).includes("deployed.*"),
    );
    expect(before).toHaveLength(2);
    expect(expired(before, history())).toContain(build(5));
  });

  test("an image staging and production both ran survives staging's later deploys (one rule for all environments)", () => {
    // Build 70 went to staging and production; staging then got 10 more builds.
    const images: Image[] = Array.from({ length: 80 }, (_, i) => {
      const n = i + 1;
      const tags = [`commit${n}`];
      if (n === 70) tags.push("deployed.production.20261101T000000Z");
      if (n >= 70) tags.push(`deployed.staging.2026111${n - 70}T000000Z`);
      return { digest: build(n), tags, pushedAt: n };
    });
    expect(expired(rules, images)).not.toContain(build(70));
    // The same with one count rule per environment (staging first): staging's count of 5 would
    // expire build 70 while production still runs it.
    const perEnvironment: Rule[] = [
      rules[0],
      {
        rulePriority: 2,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["deployed.staging.*"],
          countType: "imageCountMoreThan",
          countNumber: 5,
        },
      },
      {
        rulePriority: 3,
        selection: {
          tagStatus: "tagged",
          tagPatternList: ["deployed.production.*"],
          countType: "imageCountMoreThan",
          countNumber: 5,
        },
      },
      { ...rules[2], rulePriority: 4 },
    ];
    expect(expired(perEnvironment, images)).toContain(build(70));
  });

  test("untagged images expire after expireUntaggedDays, whatever else", () => {
    const images: Image[] = [
      { digest: "old-untagged", tags: [], pushedAt: 1 },
      { digest: "new-untagged", tags: [], pushedAt: 5 },
      { digest: "latest-build", tags: ["commit9"], pushedAt: 9 },
    ];
    expect(expired(rules, images)).toEqual(["old-untagged"]);
  });
});
