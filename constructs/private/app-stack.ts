/**
 * What every stack of this app shares (the AWS stacks and the workspaces stack): readable
 * Terraform addresses that are pure functions of construct ids, and the optional cross-stack
 * pass.
 */
import type { Construct, Node } from "constructs";
import { TerraformElement, TerraformStack } from "./cdktf";
import { logicalIdOf } from "./terraform";

export interface AppStackProps {
  /**
   * Run cdktf's "preparing resolve" before synthesis. That pass resolves every element once
   * more only to discover cross-stack references; these stacks never make any (they find shared
   * resources by name), so the app turns it off.
   * @default true (cdktf's behaviour)
   */
  readonly crossStackPass?: boolean;
}

export abstract class AppStack extends TerraformStack {
  private readonly crossStackPass: boolean;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id);
    this.crossStackPass = props.crossStackPass ?? true;
  }

  prepareStack(): void {
    if (this.crossStackPass) super.prepareStack();
    else this.ensureBackendExists();
  }

  /**
   * Construct path below the stack, joined with "_": `image_repository`, `env-prod_environment`,
   * `acme-api_workspace`: never list positions or cdktf's path hashes, so an unchanged catalogue
   * entry never moves a resource.
   */
  protected allocateLogicalId(tfElement: TerraformElement | Node): string {
    const node =
      tfElement instanceof TerraformElement ? tfElement.node : tfElement;
    const stackDepth = this.node.scopes.length;
    return logicalIdOf(node.scopes.slice(stackDepth).map((s) => s.node.id));
  }
}
