/**
 * Physical names of everything this app creates, and the AWS rules each must obey.
 *
 * One builder so that the catalogue validator (config/) and the constructs derive exactly the
 * same names: a name that AWS would refuse at `terraform apply` is refused at load time instead,
 * pointing at the YAML line that produced it.
 */

/** A naming rule as AWS documents it. */
export interface NameRule {
  /** What the name is, in the user's terms ("IAM role name"). */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  /** The allowed characters, in words, for the error message. */
  readonly allowed: string;
}

/** The AWS naming rules, each with the page that states it. */
export const NAME_RULES = {
  // https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html
  ecrRepository: {
    what: "ECR repository name",
    min: 2,
    max: 256,
    pattern:
      /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    allowed:
      "lowercase letters and digits, separated by single '.', '_', '-' or '/', no separator at either end",
  },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
  iamRole: {
    what: "IAM role name",
    min: 1,
    max: 64,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and +=,.@_-",
  },
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
  instanceProfile: {
    what: "IAM instance profile name",
    min: 1,
    max: 128,
    pattern: /^[\w+=,.@-]+$/,
    allowed: "letters, digits and +=,.@_-",
  },
  // https://docs.aws.amazon.com/codebuild/latest/APIReference/API_CreateProject.html
  codebuildProject: {
    what: "CodeBuild project name",
    min: 2,
    max: 150,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]+$/,
    allowed: "letters, digits, '-' and '_', starting with a letter or digit",
  },
  // https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html
  pipeline: {
    what: "CodePipeline name",
    min: 1,
    max: 100,
    pattern: /^[A-Za-z0-9.@_-]+$/,
    allowed: "letters, digits and .@_-",
  },
  // https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html
  eventRule: {
    what: "EventBridge rule name",
    min: 1,
    max: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    allowed: "letters, digits and .-_",
  },
  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
  logGroup: {
    what: "CloudWatch log group name",
    min: 1,
    max: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    allowed: "letters, digits and ._-/#",
  },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  s3Bucket: {
    what: "S3 bucket name",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9](?:[a-z0-9-]|\.(?!\.))*[a-z0-9]$/,
    allowed:
      "lowercase letters, digits, '-' and single '.', starting and ending with a letter or digit",
  },
  // https://docs.aws.amazon.com/codeconnections/latest/APIReference/API_CreateConnection.html
  connection: {
    what: "CodeConnections connection name",
    min: 1,
    max: 32,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, '-' and '_'",
  },
  // https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html
  snsTopic: {
    what: "SNS topic name",
    min: 1,
    max: 256,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, '-' and '_'",
  },
  // https://docs.aws.amazon.com/chatbot/latest/APIReference/API_CreateSlackChannelConfiguration.html
  chatbotChannel: {
    what: "AWS Chatbot channel configuration name",
    min: 1,
    max: 128,
    pattern: /^[A-Za-z0-9_-]+$/,
    allowed: "letters, digits, '-' and '_'",
  },
  // https://docs.aws.amazon.com/codestar-notifications/latest/APIReference/API_CreateNotificationRule.html
  notificationRule: {
    what: "notification rule name",
    min: 1,
    max: 64,
    pattern: /^[A-Za-z0-9_ -]+$/,
    allowed: "letters, digits, spaces, '-' and '_'",
  },
  // https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html
  kmsAlias: {
    what: "KMS alias",
    min: 7,
    max: 256,
    pattern: /^alias\/[A-Za-z0-9/_-]+$/,
    allowed: "'alias/' followed by letters, digits and /_-",
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/**
 * Checks a name against its AWS rule.
 * @returns undefined when the name is valid, else a sentence saying what is wrong.
 */
export function checkName(kind: NameKind, name: string): string | undefined {
  return checkRule(NAME_RULES[kind], name);
}

/** Checks a name against a naming rule (a target's own, or one of NAME_RULES). */
export function checkRule(rule: NameRule, name: string): string | undefined {
  if (name.length < rule.min || name.length > rule.max) {
    return `derived ${rule.what} "${name}" is ${name.length} characters; AWS allows ${rule.min} to ${rule.max}`;
  }
  if (!rule.pattern.test(name)) {
    return `derived ${rule.what} "${name}" is not allowed by AWS: use ${rule.allowed}`;
  }
  return undefined;
}

/**
 * A 12-digit stand-in used only to measure names that embed the account id, which is
 * known at plan time but not at synth: every AWS account id has exactly 12 digits.
 */
export const ACCOUNT_ID_FOR_LENGTH = "000000000000";

/** How much of a pipeline's name CodePipeline keeps as its artifact folder. */
export const PIPELINE_ARTIFACT_FOLDER_LENGTH = 20;

/** Every physical name the app derives, as pure functions of catalogue keys. */
export class Names {
  constructor(public readonly organisation: string) {}

  /** KMS alias of the catalogue's key. */
  get kmsAlias(): string {
    return `alias/${this.organisation}-delivery`;
  }
  /** Artifact bucket: account and region make it globally unique. */
  artifactBucket(accountId: string, region: string): string {
    return `${this.organisation}-artifacts-${accountId}-${region}`;
  }

  connection(key: string): string {
    return `${this.organisation}-${key}`;
  }
  /** ECR repository of a service or base image. */
  repository(image: string): string {
    return `${this.organisation}/${image}`;
  }
  /** CodeBuild project and CodePipeline (and a deploy target's application) of an image. */
  project(image: string): string {
    return `${this.organisation}-${image}`;
  }
  /**
   * The folder CodePipeline keeps a pipeline's artifacts in: the first 20 characters of its name
   * (https://repost.aws/questions/QUI91tw7A9SUOMohJurNqmgA). The roles may reach only this folder,
   * so no two pipelines of a catalogue may share it.
   */
  artifactFolder(image: string): string {
    return this.project(image).slice(0, PIPELINE_ARTIFACT_FOLDER_LENGTH);
  }
  buildRole(image: string): string {
    return `${this.organisation}-${image}-build`;
  }
  buildLogGroup(image: string): string {
    return `/aws/codebuild/${this.project(image)}`;
  }
  pipelineRole(image: string): string {
    return `${this.organisation}-${image}-pipeline`;
  }
  /** EventBridge rule that starts a pipeline when its source or its base image changes. */
  triggerRule(image: string, on: "source" | "base-image"): string {
    return `${this.organisation}-${image}-${on}`;
  }
  /** Role EventBridge assumes to start exactly that pipeline. */
  eventsRole(image: string): string {
    return `${this.organisation}-${image}-events`;
  }
  /**
   * The CodeBuild project (and its role) that tags the image an environment is about to run so
   * the lifecycle policy keeps it (constructs/image-marker.ts). `-mark` is shorter than
   * `-pipeline`, so it never makes a role name too long that the pipeline role's name is not.
   */
  markProject(service: string): string {
    return `${this.organisation}-${service}-mark`;
  }
  markRole(service: string): string {
    return this.markProject(service);
  }
  markLogGroup(service: string): string {
    return `/aws/codebuild/${this.markProject(service)}`;
  }

  /**
   * The CodeBuild project (and its role) that smoke-tests a service's environments after their
   * deploys (constructs/gate-project.ts); `-smoke` is shorter than `-pipeline`.
   */
  smokeProject(service: string): string {
    return `${this.organisation}-${service}-smoke`;
  }
  smokeRole(service: string): string {
    return this.smokeProject(service);
  }
  smokeLogGroup(service: string): string {
    return `/aws/codebuild/${this.smokeProject(service)}`;
  }
  /** The CodeBuild project (and its role) that runs a service's tests before any deploy. */
  testsProject(service: string): string {
    return `${this.organisation}-${service}-tests`;
  }
  testsRole(service: string): string {
    return this.testsProject(service);
  }
  testsLogGroup(service: string): string {
    return `/aws/codebuild/${this.testsProject(service)}`;
  }
  /** The catalogue's notification topic (SNS: 1 to 256 characters). */
  get notificationTopic(): string {
    return `${this.organisation}-pipeline-notifications`;
  }
  /** The AWS Chatbot Slack channel configuration (1 to 128 letters, digits, '-', '_'). */
  get chatbotChannel(): string {
    return `${this.organisation}-pipelines`;
  }
  /** The role the Chatbot channel assumes (at most 36 characters: no other role ends so). */
  get chatbotRole(): string {
    return `${this.organisation}-chatbot-channel`;
  }

  get dockerBuilder(): string {
    return `${this.organisation}-docker-builder`;
  }
  get dockerBuilderLogGroup(): string {
    return `/aws/codebuild/${this.dockerBuilder}`;
  }
}
