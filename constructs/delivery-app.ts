import { App } from "cdktf";
import type { Catalogue } from "../config/catalogue";
import { StateProps } from "./delivery-stack";
import { ServiceStack } from "./service-stack";
import { SharedStack } from "./shared-stack";

export interface DeliveryStacks {
  readonly shared: SharedStack;
  /** By service name. */
  readonly services: ReadonlyMap<string, ServiceStack>;
}

/**
 * Lays out the catalogue's stacks: `<organisation>-shared`, then `<organisation>-<service>` per
 * service (in name order), each depending on the shared stack only.
 * @param statePath where a stack's local state file lives, relative to its directory
 */
export function addDeliveryStacks(
  app: App,
  catalogue: Catalogue,
  statePath: (stack: string) => string,
): DeliveryStacks {
  const state = (stack: string): StateProps =>
    catalogue.cloud
      ? { kind: "cloud", ...catalogue.cloud }
      : { kind: "local", path: statePath(stack) };
  const sharedId = `${catalogue.organisation}-shared`;
  const shared = new SharedStack(app, sharedId, {
    catalogue,
    state: state(sharedId),
  });
  const services = new Map<string, ServiceStack>();
  for (const service of catalogue.services) {
    const id = `${catalogue.organisation}-${service.name}`;
    const stack = new ServiceStack(app, id, {
      catalogue,
      service,
      state: state(id),
    });
    // Deploy order for `cdktf deploy`; the stack reads shared resources by name, not by reference.
    stack.addDependency(shared);
    services.set(service.name, stack);
  }
  return { shared, services };
}
