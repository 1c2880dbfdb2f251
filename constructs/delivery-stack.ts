import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Construct, IConstruct } from "constructs";
import { arn, dnsSuffixOf, partitionOf } from "../plan/arn";
import type { RefScope } from "../plan/refs";
import { CatalogueRefs } from "./catalogue-refs";
import { Names } from "../plan/names";
import { AppStack, AppStackProps } from "./private/app-stack";
import { addBackend, StateProps } from "./private/backend";
import { TerraformStack } from "./private/cdktf";
import { repairHcl } from "./private/hcl";
import { withRemovedBlocks } from "./removed-block";

export type { StateProps };

export interface DeliveryStackProps extends AppStackProps {
  readonly organisation: string;
  /** The region of every resource. */
  readonly region: string;
  /** Provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
  readonly state: StateProps;
}

/**
 * A stack of this app: the AWS provider for the catalogue's region with its tags, the state
 * backend, readable Terraform addresses (AppStack), and the catalogue's shared resources found by
 * name (refs), with the stack's account, partition and region.
 */
export class DeliveryStack extends AppStack {
  readonly names: Names;
  readonly region: string;
  readonly partition: string;
  readonly dnsSuffix: string;
  /** The account id, known at plan time. */
  readonly accountId: string;
  /** The catalogue's shared resources, found by name. */
  readonly refs: CatalogueRefs;

  /** The DeliveryStack a construct is in: where account, partition and region come from. */
  static of(construct: IConstruct): DeliveryStack {
    const stack = TerraformStack.of(construct);
    if (!(stack instanceof DeliveryStack))
      throw new Error(`${construct.node.path} is not in a DeliveryStack`);
    return stack;
  }

  constructor(scope: Construct, id: string, props: DeliveryStackProps) {
    super(scope, id, props);
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
    addBackend(this, props.state);
    this.accountId = new DataAwsCallerIdentity(this, "current").accountId;
    this.refs = new CatalogueRefs(this, this.names, this.scope);
  }

  /** `cdktf synth --hcl`: cdktf's HCL with its known slips repaired (see ./private/hcl). */
  toHclTerraform(): ReturnType<TerraformStack["toHclTerraform"]> {
    const out = super.toHclTerraform();
    return { ...out, hcl: withRemovedBlocks(this, repairHcl(out.hcl)) };
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
}
