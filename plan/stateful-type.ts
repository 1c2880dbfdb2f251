/** A stateful resource type: what replacing or destroying one loses (constructs/private/stateful-changes.ts). */

/** An argument whose change makes Terraform destroy the resource and create it again. */
export interface ForcingArgument {
  readonly name: string;
  /** The provider's default: an absent argument and this value are the same. */
  readonly default?: unknown;
  /**
   * Optional + Computed: removing it from the configuration keeps the value in state, so only
   * setting or changing it replaces the resource.
   */
  readonly keptWhenRemoved?: boolean;
}

export interface StatefulType {
  /** What it is, in the README's words. */
  readonly label: string;
  /** The attribute that names the real object (shown to the user). */
  readonly nameAttribute: string;
  readonly forcing: readonly ForcingArgument[];
  /** What happens to its contents when it is destroyed. */
  readonly loss: string;
}
