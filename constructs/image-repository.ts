import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EcrRepositoryPolicy } from "@cdktf/provider-aws/lib/ecr-repository-policy";
import { Construct } from "constructs";
import { servicePrincipal } from "../plan/arn";
import { DeliveryStack } from "./delivery-stack";
import type { ImageSettings } from "../config/catalogue";
import { ECR_PULL_ACTIONS, ECR_PUSH_ACTIONS, Statement } from "../plan/iam";
import { policyDocument } from "./private/iam";
import { resourceAddress } from "./private/terraform";

export interface ImageRepositoryProps {
  /** The repository name (`<organisation>/<image>`). */
  readonly repositoryName: string;
  readonly settings: ImageSettings;
  /** The catalogue's KMS key, used when settings.encryption is KMS. */
  readonly kmsKeyArn: string;
  /** This account: the CodeBuild service may pull only on its behalf (aws:SourceAccount). */
  /**
   * A tag that stays movable in an IMMUTABLE repository (IMMUTABLE_WITH_EXCLUSION), so images
   * built FROM this one can follow it.
   * @default none: every tag is immutable when settings.tagMutability is IMMUTABLE
   */
  readonly movableTag?: string;
  /**
   * Images carrying a tag with this prefix are never expired: the pipeline tags the image each
   * environment is deployed with (`deployed.<environment>.<time>`, see markBuildspec).
   * @default none: the newest keepTagged tagged images are kept, whatever their tags
   */
  readonly protectedTagPrefix?: string;
}

/** The resources of an ImageRepository: Terraform type and construct id below the repository's. */
const RESOURCES = {
  repository: EcrRepository.tfResourceType,
  lifecycle: EcrLifecyclePolicy.tfResourceType,
  policy: EcrRepositoryPolicy.tfResourceType,
} as const;
type ResourceId = keyof typeof RESOURCES;

/**
 * ECR's default quota of images per repository: a "keep more than this many" rule can never
 * expire anything while the quota stands.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/service-quotas.html
 */
export const PROTECTED_IMAGES_LIMIT = 10000;

/**
 * An ECR repository: scan on push, tag mutability, encryption with the catalogue's key, a
 * lifecycle policy, and a repository policy that lets the CodeBuild service pull. That last
 * statement is what `eb deploy` needs: it builds in a temporary CodeBuild project whose role is
 * not ours, so only the repository policy can let it pull a custom build image.
 */
export class ImageRepository extends Construct {
  readonly repository: EcrRepository;
  readonly arn: string;
  readonly name: string;
  readonly url: string;

  /**
   * The addresses an ImageRepository at this construct path below its stack gives its
   * repository, lifecycle policy and repository policy: what a retired image's stack keeps
   * with `removed` blocks.
   */
  static addresses(path: readonly string[]): string[] {
    return Object.entries(RESOURCES).map(([id, type]) =>
      resourceAddress(type, [...path, id]),
    );
  }

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    const { settings } = props;
    // The one tag that moves in an otherwise immutable repository.
    const exclusion =
      settings.tagMutability === "IMMUTABLE" ? props.movableTag : undefined;
    this.repository = new EcrRepository(
      this,
      "repository" satisfies ResourceId,
      {
        name: props.repositoryName,
        // https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
        imageTagMutability:
          exclusion !== undefined
            ? "IMMUTABLE_WITH_EXCLUSION"
            : settings.tagMutability,
        ...(exclusion !== undefined && {
          imageTagMutabilityExclusionFilter: [
            { filter: exclusion, filterType: "WILDCARD" },
          ],
        }),
        imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
        encryptionConfiguration: [
          settings.encryption === "KMS"
            ? { encryptionType: "KMS", kmsKey: props.kmsKeyArn }
            : { encryptionType: "AES256" },
        ],
        forceDelete: false,
        // Images are state: removing a service from the catalogue must not delete them.
        lifecycle: { preventDestroy: true },
      },
    );
    this.arn = this.repository.arn;
    this.name = this.repository.name;
    this.url = this.repository.repositoryUrl;

    const rules = lifecycleRules(props);
    new EcrLifecyclePolicy(this, "lifecycle" satisfies ResourceId, {
      repository: this.repository.name,
      policy: JSON.stringify({ rules }),
    });
    this.node.addValidation({
      validate: () => repositoryProblems(props, rules),
    });

    new EcrRepositoryPolicy(this, "policy" satisfies ResourceId, {
      repository: this.repository.name,
      policy: policyDocument(this.repositoryStatements(props)),
    });
  }

  private repositoryStatements(props: ImageRepositoryProps): Statement[] {
    const statements: Statement[] = [
      {
        sid: "CodeBuildPull",
        principals: { Service: [servicePrincipal("codebuild")] },
        actions: [...ECR_PULL_ACTIONS],
        resources: [],
        // Any CodeBuild project of this account, including eb deploy's temporary ones.
        conditions: {
          StringEquals: {
            "aws:SourceAccount": DeliveryStack.of(this).accountId,
          },
        },
      },
    ];
    if (props.settings.pullers.length > 0) {
      statements.push({
        sid: "CataloguePullers",
        principals: { AWS: [...props.settings.pullers] },
        actions: [...ECR_PULL_ACTIONS],
        resources: [],
      });
    }
    if (props.settings.pushers.length > 0) {
      statements.push({
        sid: "CataloguePushers",
        principals: { AWS: [...props.settings.pushers] },
        actions: [...ECR_PUSH_ACTIONS],
        resources: [],
      });
    }
    return statements;
  }
}

/** One rule of an ECR lifecycle policy, in the policy's JSON form. */
export interface LifecycleRule {
  readonly rulePriority: number;
  readonly description: string;
  readonly selection: {
    readonly tagStatus: "tagged" | "untagged" | "any";
    readonly tagPatternList?: readonly string[];
    readonly countType: "imageCountMoreThan" | "sinceImagePushed";
    readonly countUnit?: "days";
    readonly countNumber: number;
  };
  readonly action: { readonly type: "expire" };
}

/**
 * The lifecycle rules, in priority order.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 *
 * The protection rule comes before keepTagged because "an image that matches the tagging
 * requirements of a rule cannot be expired by a rule with a lower priority"
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html): a marked image
 * is out of keepTagged's reach however old it is, and the protection rule itself keeps up to
 * PROTECTED_IMAGES_LIMIT of them. One rule for every environment's markers, not one per
 * environment: an image that two environments run carries two markers, and a per-environment
 * count in a higher-priority rule could expire it while the other environment still runs it.
 * The number of marked images is bounded instead by the mark project, which keeps
 * DEPLOYED_IMAGES_KEPT markers per environment. One pattern with one wildcard, three rules: far
 * within ECR's limits (four wildcards per pattern, 30,720 characters per policy).
 */
export function lifecycleRules(props: ImageRepositoryProps): LifecycleRule[] {
  const { settings } = props;
  const rules: Omit<LifecycleRule, "rulePriority">[] = [
    {
      description: `Expire untagged images after ${settings.expireUntaggedDays} days`,
      selection: {
        tagStatus: "untagged",
        countType: "sinceImagePushed",
        countUnit: "days",
        countNumber: settings.expireUntaggedDays,
      },
      action: { type: "expire" },
    },
  ];
  if (props.protectedTagPrefix !== undefined) {
    rules.push({
      description: `Never expire images an environment is deployed with (tagged ${props.protectedTagPrefix}*)`,
      selection: {
        tagStatus: "tagged",
        tagPatternList: [`${props.protectedTagPrefix}*`],
        countType: "imageCountMoreThan",
        countNumber: PROTECTED_IMAGES_LIMIT,
      },
      action: { type: "expire" },
    });
  }
  rules.push({
    description: `Keep the newest ${settings.keepTagged} tagged images`,
    selection: {
      tagStatus: "tagged",
      tagPatternList: ["*"],
      countType: "imageCountMoreThan",
      countNumber: settings.keepTagged,
    },
    action: { type: "expire" },
  });
  return rules.map((rule, i) => ({ rulePriority: i + 1, ...rule }));
}

/**
 * What no type states about a repository's rules (checked at synth: node.addValidation):
 * - an image carrying a protectedTagPrefix marker is never expired: the first rule (by
 *   priority) that can select a marked image is the protection rule, `<prefix>*` kept up to
 *   PROTECTED_IMAGES_LIMIT; any rule before it would expire images environments run;
 * - the movable tag is no marker: a marker that stays movable (IMMUTABLE_WITH_EXCLUSION) can be
 *   moved off the image an environment runs, which keepTagged then expires.
 */
export function repositoryProblems(
  props: Pick<ImageRepositoryProps, "protectedTagPrefix" | "movableTag">,
  rules: readonly LifecycleRule[],
): string[] {
  const prefix = props.protectedTagPrefix;
  if (prefix === undefined) return [];
  const problems: string[] = [];
  if (props.movableTag?.startsWith(prefix))
    problems.push(
      `the movable tag "${props.movableTag}" starts with the protected prefix "${prefix}": a marker must stay where it is`,
    );
  const first = [...rules]
    .sort((a, b) => a.rulePriority - b.rulePriority)
    .find(
      ({ selection }) =>
        selection.tagStatus !== "untagged" &&
        (selection.tagPatternList ?? ["*"]).some((p) => mayMatch(p, prefix)),
    );
  const protects =
    first !== undefined &&
    first.selection.tagStatus === "tagged" &&
    first.selection.tagPatternList?.length === 1 &&
    first.selection.tagPatternList[0] === `${prefix}*` &&
    first.selection.countType === "imageCountMoreThan" &&
    first.selection.countNumber >= PROTECTED_IMAGES_LIMIT;
  if (!protects)
    problems.push(
      first === undefined
        ? `no lifecycle rule protects images tagged ${prefix}*`
        : `lifecycle rule ${first.rulePriority} ("${first.description}") can expire images tagged ${prefix}* before any rule protects them`,
    );
  return problems;
}

/**
 * Whether an ECR tag pattern (`*` wildcards) may match some tag starting with `prefix`: its
 * literal start and the prefix agree up to the shorter of the two (the first `*` takes the rest).
 * Errs on the side of "may": enough to find a rule that could expire a marker.
 */
function mayMatch(pattern: string, prefix: string): boolean {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern.startsWith(prefix);
  const literal = pattern.slice(0, star);
  return literal.startsWith(prefix) || prefix.startsWith(literal);
}
