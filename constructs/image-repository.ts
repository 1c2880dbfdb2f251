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

    new EcrLifecyclePolicy(this, "lifecycle" satisfies ResourceId, {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: lifecycleRules(props) }),
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
export function lifecycleRules(props: ImageRepositoryProps): unknown[] {
  const { settings } = props;
  const rules: Record<string, unknown>[] = [
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
