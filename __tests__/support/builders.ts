/**
 * Test support for construct tests: the smallest scope a construct needs and typed props with
 * plain defaults, each overridable. Constructs that read account, partition and region from
 * their stack (DeliveryStack.of) are built in a fresh DeliveryStack; the others in
 * cdktf's `Testing.synthScope`.
 */
import type {
  CatalogueNotifications,
  Connection,
  ImageSettings,
} from "../../config/catalogue";
import type { ArtifactStoreProps } from "../../constructs/artifact-store";
import type { BuildProjectProps } from "../../constructs/build-project";
import {
  CatalogueKey,
  CatalogueKeyProps,
} from "../../constructs/catalogue-key";
import {
  DeliveryStack,
  DeliveryStackProps,
} from "../../constructs/delivery-stack";
import type { DockerBuilderProps } from "../../constructs/docker-builder";
import type { ImageMarkerProps } from "../../constructs/image-marker";
import type { ImageRepositoryProps } from "../../constructs/image-repository";
import {
  NotificationTopic,
  NotificationTopicProps,
} from "../../constructs/notification-topic";
import { SourceConnections } from "../../constructs/source-connections";
import { App, Testing } from "../../constructs/private/cdktf";
import type { IConstruct } from "constructs";
import { connectionNames, sharedNames } from "../../plan/image-names";
import { Names } from "../../plan/names";
import { documentsAsJson } from "./jsonencode";
import type { Json } from "./synth";

/** The account id every DeliveryStack reads from its caller identity. */
export { ACCOUNT } from "./synth";
/** The key ARN the builders pass (a plain string: no catalogue key construct needed). */
export const KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/k";

/** A fresh DeliveryStack `test` of organisation acme in eu-west-1, local state, no tags. */
export function deliveryStack(
  props: Partial<DeliveryStackProps> = {},
): DeliveryStack {
  return new DeliveryStack(new App(), "test", {
    organisation: "acme",
    region: "eu-west-1",
    tags: {},
    state: { kind: "local", path: "terraform.tfstate" },
    ...props,
  });
}

/** The stack's JSON, each `${jsonencode(document)}` read back as the document's JSON text. */
export function synthJson(stack: DeliveryStack, validations = false): Json {
  return documentsAsJson(JSON.parse(Testing.synth(stack, validations)));
}

/** cdktf's Testing.synthScope (a plain TerraformStack), parsed as synthJson does. */
export function synthScopeJson(build: (scope: IConstruct) => void): Json {
  return documentsAsJson(JSON.parse(Testing.synthScope(build)));
}

export function imageSettings(
  overrides: Partial<ImageSettings> = {},
): ImageSettings {
  return {
    scanOnPush: true,
    tagMutability: "IMMUTABLE",
    keepTagged: 30,
    expireUntaggedDays: 7,
    encryption: "KMS",
    pullers: [],
    pushers: [],
    ...overrides,
  };
}

export function imageRepositoryProps(
  overrides: Partial<ImageRepositoryProps> = {},
): ImageRepositoryProps {
  return {
    repositoryName: "acme/api",
    settings: imageSettings(),
    kmsKeyArn: KEY_ARN,
    ...overrides,
  };
}

export function buildProjectProps(
  overrides: Partial<BuildProjectProps> = {},
): BuildProjectProps {
  return {
    projectName: "acme-api",
    roleName: "acme-api-build",
    logGroupName: "/aws/codebuild/acme-api",
    description: "Builds api",
    build: {
      computeType: "BUILD_GENERAL1_SMALL",
      image: "aws/codebuild/standard:7.0",
      privileged: true,
      timeoutMinutes: 30,
      variables: {},
      secrets: {},
      cache: "none",
    },
    generatedBuildspec: "version: 0.2\n",
    buildVariables: {},
    kmsKeyArn: KEY_ARN,
    pushTo: [],
    pullFrom: [],
    ...overrides,
  };
}

export function dockerBuilderProps(
  overrides: Partial<DockerBuilderProps> = {},
): DockerBuilderProps {
  return {
    builder: { computeType: "BUILD_GENERAL1_MEDIUM", timeoutMinutes: 45 },
    names: sharedNames(new Names("acme")),
    kmsKeyArn: KEY_ARN,
    connectionArns: [],
    baseImageArns: [],
    ...overrides,
  };
}

export function imageMarkerProps(
  overrides: Partial<ImageMarkerProps> = {},
): ImageMarkerProps {
  return {
    projectName: "acme-api-mark",
    roleName: "acme-api-mark",
    logGroupName: "/aws/codebuild/acme-api-mark",
    repositoryUrl: "111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme/api",
    repositoryArn: "arn:aws:ecr:eu-west-1:111122223333:repository/acme/api",
    artifact: { files: ["Dockerrun.aws.json"], readImage: "IMAGE=x" },
    artifactBucket: {
      name: "acme-artifacts",
      arn: "arn:aws:s3:::acme-artifacts",
    },
    artifactFolder: "acme-api",
    kmsKeyArn: KEY_ARN,
    ...overrides,
  };
}

/*
 * The shared stack's constructs. Each is made by one function here, so that a change of its
 * props or constructor is one edit for all of its tests.
 */

/** The shared stack's names of organisation acme. */
const SHARED_NAMES = sharedNames(new Names("acme"));

/** The catalogue key (its key and alias) in the stack. */
export function catalogueKey(
  stack: DeliveryStack,
  overrides: Partial<CatalogueKeyProps> = {},
): CatalogueKey {
  return new CatalogueKey(stack, {
    names: SHARED_NAMES,
    notificationTopic: false,
    ...overrides,
  });
}

export function artifactStoreProps(
  overrides: Partial<ArtifactStoreProps> = {},
): ArtifactStoreProps {
  return {
    bucketName: "acme-artifacts-111122223333-eu-west-1",
    kmsKeyArn: KEY_ARN,
    ...overrides,
  };
}

/** The catalogue's `notifications:` with no events, no existing topic and no Slack channel. */
export function catalogueNotifications(
  overrides: Partial<CatalogueNotifications> = {},
): CatalogueNotifications {
  return { events: [], ...overrides };
}

/** The notification topic (and Slack channel) in the stack. */
export function notificationTopic(
  stack: DeliveryStack,
  overrides: Partial<NotificationTopicProps> = {},
): NotificationTopic {
  return new NotificationTopic(stack, {
    names: SHARED_NAMES,
    notifications: catalogueNotifications(),
    kmsKeyArn: KEY_ARN,
    ...overrides,
  });
}

/** A connection the catalogue creates (`provider:`). */
export function createdConnection(
  name: string,
  overrides: Partial<Extract<Connection, { kind: "provider" }>> = {},
): Connection {
  return { name, kind: "provider", provider: "GitHub", ...overrides };
}

/** A connection the catalogue names by ARN (`arn:`). */
export function existingConnection(name: string, arn: string): Connection {
  return { name, kind: "existing", arn };
}

/** The catalogue's source connections in the stack. */
export function sourceConnections(
  stack: DeliveryStack,
  connections: readonly Connection[],
): SourceConnections {
  return new SourceConnections(
    stack,
    connections,
    connectionNames(new Names("acme"), connections),
  );
}
