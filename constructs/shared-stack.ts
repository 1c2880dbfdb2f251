import type { Catalogue } from "../config/catalogue";
import { renderSharedDeployment } from "../targets/renderers";
import { ArtifactStore } from "./artifact-store";
import { BaseImages } from "./base-images";
import { CatalogueKey } from "./catalogue-key";
import { DeliveryStack, StateProps } from "./delivery-stack";
import { DockerBuilder } from "./docker-builder";
import { TerraformOutput } from "./private/cdktf";
import { NotificationTopic } from "./notification-topic";
import type { SharedStackPlan } from "../plan/stacks";
import { SourceConnections } from "./source-connections";
import { Construct } from "constructs";

export interface SharedStackProps {
  readonly catalogue: Catalogue;
  /** Its plan (plan/stacks.ts): name, provider, state and the names of what it creates. */
  readonly plan: SharedStackPlan;
  readonly state: StateProps;
  /** See AppStackProps.crossStackPass. */
  readonly crossStackPass?: boolean;
}

/**
 * What services share: the catalogue's KMS key, the notification topic (and Slack channel),
 * source connections, the deploy targets' shared resources, the artifact store, base images with
 * their pipelines, and the docker builder. Service stacks find these by name.
 *
 * Thin wiring over named parts (CatalogueKey, NotificationTopic, SourceConnections, ArtifactStore,
 * BaseImages, DockerBuilder). A part creates its resources in the stack's own scope: a construct of its own
 * would add its id to every resource's path in the output and in its address.
 */
export class SharedStack extends DeliveryStack {
  readonly key: CatalogueKey;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    const { catalogue, plan } = props;
    super(scope, id, {
      organisation: catalogue.organisation,
      ...plan.provider,
      state: props.state,
      crossStackPass: props.crossStackPass,
    });
    const notifications = catalogue.notifications;
    const shared = plan.names;
    this.key = new CatalogueKey(this, {
      names: shared,
      notificationTopic:
        notifications !== undefined && notifications.topicArn === undefined,
    });
    const kmsKeyArn = this.key.key.arn;
    const topic = notifications
      ? new NotificationTopic(this, { notifications, names: shared, kmsKeyArn })
      : undefined;
    const connections = new SourceConnections(
      this,
      catalogue.connections,
      plan.connections,
    );
    renderSharedDeployment(this, catalogue, kmsKeyArn);
    const store = new ArtifactStore(this, "artifacts", {
      bucketName: this.refs.artifactBucket.name,
      kmsKeyArn,
    });
    const artifactBucket = { name: store.bucket.bucket, arn: store.bucket.arn };

    const baseImages = new BaseImages(this, {
      baseImages: catalogue.baseImages,
      names: plan.baseImages,
      kmsKeyArn,
      artifactBucket,
      connectionArns: connections.arns,
      topicArn: topic?.topicArn ?? this.refs.notificationTopicArn(catalogue),
      ...(topic?.topicPolicy && { topicPolicy: topic.topicPolicy }),
    });
    if (catalogue.dockerBuilder) {
      new DockerBuilder(this, {
        builder: catalogue.dockerBuilder,
        names: shared,
        kmsKeyArn,
        connectionArns: Object.values(connections.arns),
        baseImageArns: [...baseImages.repositories.values()].map((r) => r.arn),
      });
    }

    new TerraformOutput(this, "artifact-bucket", {
      description: "The pipelines' artifact store",
      value: store.bucket.bucket,
    });
    new TerraformOutput(this, "kms-key-arn", {
      description: "The catalogue's KMS key",
      value: kmsKeyArn,
    });
    if (topic)
      new TerraformOutput(this, "notification-topic-arn", {
        description:
          "Where the pipelines' notifications go (subscribe e-mail addresses or queues to it)",
        value: topic.topicArn,
      });
    baseImages.addOutputs();
  }
}
