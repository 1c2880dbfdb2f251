import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsCodestarconnectionsConnection } from "@cdktf/provider-aws/lib/data-aws-codestarconnections-connection";
import type { Catalogue, Connection } from "../config/catalogue";
import type { RepositoryRef } from "../plan/iam";
import {
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  TerraformElement,
  TerraformStack,
} from "./private/cdktf";
import { Construct, IConstruct, Node } from "constructs";
import { arn, dnsSuffixOf, partitionOf } from "../plan/arn";
import {
  BucketRef,
  bucketRef,
  connectionArn,
  notificationTopicArn,
  RefScope,
  repositoryRef,
} from "../plan/refs";
import type { StatePlan } from "../plan/stacks";
import { repairHcl } from "./private/hcl";
import { REMOVED_BLOCK_TERRAFORM, RemovedBlock } from "./removed-block";
import { Names } from "../plan/names";
import { logicalIdOf } from "./private/terraform";

/** Where a stack keeps its state: its workspace (plan/stacks.ts), or a local file. */
export type StateProps =
  | {
      readonly kind: "local";
      /** State file path, relative to the stack's directory (where terraform runs). */
      readonly path: string;
    }
  | Extract<StatePlan, { kind: "cloud" }>;

export interface DeliveryStackProps {
  readonly organisation: string;
  /** The region of every resource. */
  readonly region: string;
  /** Provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly state: StateProps;
  /**
   * Run cdktf's "preparing resolve" before synthesis. That pass resolves every element once
   * more only to discover cross-stack references; these stacks never make any (they find shared
   * resources by name), so the app turns it off.
   * @default true (cdktf's behaviour)
   */
  readonly crossStackPass?: boolean;
}

/**
 * A stack of this app: the AWS provider for the catalogue's region with its tags, the state
 * backend, and readable Terraform addresses that are pure functions of construct ids (never list
 * positions or cdktf's path hashes), so an unchanged catalogue entry never moves a resource.
 */
export class DeliveryStack extends TerraformStack {
  readonly names: Names;
  readonly region: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  /** The account id, known at plan time. */
  readonly accountId: string;
  private readonly crossStackPass: boolean;

  /** The DeliveryStack a construct is in: where account, partition and region come from. */
  static of(construct: IConstruct): DeliveryStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof DeliveryStack))
      throw new Error(`${construct.node.path} is not in a DeliveryStack`);
    return stack;
  }

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id);
    this.crossStackPass = props.crossStackPass ?? true;
    this.names = new Names(props.organisation);
    this.region = props.region;
    this.partition = partitionOf(props.region);
    this.dnsSuffix = dnsSuffixOf(props.region);
    new AwsProvider(this, "aws", {
      region: props.region,
      ...(Object.keys(props.tags).length > 0 && {
        defaultTags: [{ tags: { ...props.tags } }],
      }),
    });
    if (props.state.kind === "cloud") {
      new CloudBackend(this, {
        hostname: props.state.hostname,
        organization: props.state.organization,
        workspaces: new ProjectCloudWorkspace(
          props.state.workspace,
          props.state.project,
        ),
      });
    } else {
      new LocalBackend(this, { path: props.state.path });
    }
    this.accountId = new DataAwsCallerIdentity(this, "current").accountId;
  }

  prepareStack(): void {
    if (this.crossStackPass) super.prepareStack();
    else this.ensureBackendExists();
  }

  /** `cdktf synth --hcl`: cdktf's HCL with its known slips repaired (see ./private/hcl). */
  toHclTerraform(): ReturnType<TerraformStack["toHclTerraform"]> {
    const out = super.toHclTerraform();
    const removed = this.node
      .findAll()
      .filter((c): c is RemovedBlock => c instanceof RemovedBlock);
    let hcl = repairHcl(out.hcl);
    if (removed.length > 0) {
      hcl = hcl.replace(
        /^terraform \{\n/m,
        `terraform {\n  required_version = "${REMOVED_BLOCK_TERRAFORM}"\n`,
      );
      hcl = `${hcl}\n\n${removed.map((block) => block.hcl()).join("\n")}`;
    }
    return { ...out, hcl };
  }

  /**
   * The catalogue's notification topic: an existing one it names, or the one the shared stack
   * creates (found by name, as every shared resource).
   */
  notificationTopicArn(catalogue: Pick<Catalogue, "notifications">): string {
    return notificationTopicArn(
      this.scope,
      this.names.notificationTopic,
      catalogue.notifications,
    );
  }

  /** Partition, region, account id and DNS suffix: what the plan's ARN forms take (plan/refs). */
  get scope(): RefScope {
    return {
      partition: this.partition,
      region: this.region,
      accountId: this.accountId,
      dnsSuffix: this.dnsSuffix,
    };
  }

  /** ARN of a resource of this stack's account and region. */
  arn(
    service: string,
    resource: string,
    options: { region?: boolean; account?: boolean } = {},
  ): string {
    return arn(
      {
        partition: this.partition,
        region: options.region === false ? "" : this.region,
        accountId: options.account === false ? "" : this.accountId,
      },
      service,
      resource,
    );
  }

  /** The URL of this catalogue's repository of a service or base image, by its name. */
  repositoryUrl(image: string): string {
    return this.repository(image).url;
  }

  /** A repository of the catalogue (in the shared stack or another stack), by its image's name. */
  repository(image: string): RepositoryRef {
    return repositoryRef(this.scope, this.names.repository(image));
  }

  /** A connection's ARN: an existing one's, or a created one's found by its name. */
  connectionArn(connections: readonly Connection[], name: string): string {
    // Created in the shared stack: found by its name.
    return connectionArn(
      connections,
      name,
      (key) =>
        new DataAwsCodestarconnectionsConnection(this, `connection-${key}`, {
          name: this.names.connection(key),
        }).arn,
    );
  }

  /** The artifact store, named so every stack can find it without reading another's state. */
  get artifactBucket(): BucketRef {
    return bucketRef(
      this,
      this.names.artifactBucket(this.accountId, this.region),
    );
  }

  /** Construct path below the stack, joined with "_": `image_repository`, `env-prod_environment`. */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node =
      tfElement instanceof TerraformElement ? tfElement.node : tfElement;
    const stackDepth = this.node.scopes.length;
    return logicalIdOf(node.scopes.slice(stackDepth).map((s) => s.node.id));
  }
}

/**
 * A named workspace whose `project` also reaches the HCL output: cdktf 0.21 writes it to
 * cdk.tf.json but drops it from `cdktf synth --hcl`, which would move the workspace to the
 * organization's default project.
 * https://developer.hashicorp.com/terraform/cli/cloud/settings#workspaces
 */
class ProjectCloudWorkspace extends NamedCloudWorkspace {
  toHclTerraform(): Record<string, unknown> {
    return {
      ...super.toHclTerraform(),
      ...(this.project !== undefined && {
        project: {
          value: this.project,
          type: "simple",
          storageClassType: "string",
        },
      }),
    };
  }
}
