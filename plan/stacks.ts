/**
 * The catalogue's Terraform stacks, as the app renders them: which stacks, in which order, each
 * with its provider settings, where its state lives and the names of what it creates. The app
 * (constructs/delivery-app.ts) renders this list and builds no name of its own.
 */
import type { Catalogue } from "../config/catalogue";
import {
  connectionNames,
  ImageNames,
  imageNames,
  SharedNames,
  sharedNames,
} from "./image-names";
import { StackPlan, stackPlans } from "./named-resources";
import { Names } from "./names";
import { WorkspacesPlan, workspacesPlan } from "./workspaces";

/** The AWS provider of a stack. */
export interface ProviderPlan {
  /** The region of every resource. */
  readonly region: string;
  /** Provider default_tags. */
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Where a stack keeps its state: its Terraform Cloud workspace, or a local file (where the
 * state files live is the app's to say, not the catalogue's).
 */
export type StatePlan =
  | { readonly kind: "local" }
  | {
      readonly kind: "cloud";
      readonly organization: string;
      readonly hostname: string;
      readonly project?: string;
      /** `workspacePrefix` + stack name. */
      readonly workspace: string;
    };

/** A stack of AWS resources: its name, entry and workspace (StackPlan), provider and state. */
interface AwsStackPlan extends StackPlan {
  readonly provider: ProviderPlan;
  readonly state: StatePlan;
}

/** `<organisation>-shared`: what services share. */
export interface SharedStackPlan extends AwsStackPlan {
  readonly kind: "shared";
  readonly names: SharedNames;
  /** Physical names of the connections it creates, by connection name. */
  readonly connections: Readonly<Record<string, string>>;
  /** Each base image's names, in catalogue order. */
  readonly baseImages: readonly ImageNames[];
}

/** `<organisation>-<service>`: one service's own resources. */
export interface ServiceStackPlan extends AwsStackPlan {
  readonly kind: "service";
  /** The service's name in the catalogue. */
  readonly service: string;
  readonly names: ImageNames;
}

/** `<organisation>-workspaces`: the Terraform Cloud workspaces of the other stacks. */
export interface WorkspacesStackPlan {
  readonly kind: "workspaces";
  readonly name: string;
  /** Its workspaces, and where its own state lives (`stateWorkspace`). */
  readonly plan: WorkspacesPlan;
}

export type DeliveryStackPlan =
  WorkspacesStackPlan | SharedStackPlan | ServiceStackPlan;

/**
 * The stacks in deploy order: the workspaces stack (when the catalogue manages its workspaces),
 * the shared stack, then one stack per service in the catalogue's (name) order.
 */
export function stacksPlan(catalogue: Catalogue): DeliveryStackPlan[] {
  const names = new Names(catalogue.organisation);
  const provider: ProviderPlan = {
    region: catalogue.region,
    tags: catalogue.tags,
  };
  const cloud = catalogue.cloud;
  const state = (workspace: string | undefined): StatePlan =>
    cloud && workspace !== undefined
      ? {
          kind: "cloud",
          organization: cloud.organization,
          hostname: cloud.hostname,
          ...(cloud.project !== undefined && { project: cloud.project }),
          workspace,
        }
      : { kind: "local" };
  const workspaces = workspacesPlan(catalogue);
  const [shared, ...services] = stackPlans(catalogue);
  return [
    ...(workspaces
      ? [
          {
            kind: "workspaces" as const,
            name: workspaces.stack,
            plan: workspaces,
          },
        ]
      : []),
    {
      ...shared,
      kind: "shared",
      provider,
      state: state(shared.workspace),
      names: sharedNames(names),
      connections: connectionNames(names, catalogue.connections),
      baseImages: catalogue.baseImages.map((b) => imageNames(names, b)),
    },
    ...catalogue.services.map((service, i): ServiceStackPlan => ({
      ...services[i],
      kind: "service",
      service: service.name,
      provider,
      state: state(services[i].workspace),
      names: imageNames(names, service),
    })),
  ];
}
