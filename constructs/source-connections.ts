import { CodeconnectionsConnection } from "@cdktf/provider-aws/lib/codeconnections-connection";
import type { Connection } from "../config/catalogue";
import type { DeliveryStack } from "./delivery-stack";
import { TerraformOutput } from "./private/cdktf";

/**
 * The catalogue's source connections: created ones (PENDING until confirmed once in the console)
 * and existing ones by ARN, each with its ARN as an output.
 */
export class SourceConnections {
  /** ARN by connection name. */
  readonly arns: Record<string, string> = {};

  /**
   * @param names the physical names of the connections it creates, by connection name
   * (plan/image-names.ts connectionNames)
   */
  constructor(
    stack: DeliveryStack,
    connections: readonly Connection[],
    names: Readonly<Record<string, string>>,
  ) {
    for (const connection of connections) {
      if (connection.kind === "existing") {
        this.arns[connection.name] = connection.arn;
        new TerraformOutput(stack, `connection-${connection.name}-arn`, {
          description: `Connection "${connection.name}" (existing)`,
          value: connection.arn,
        });
        continue;
      }
      const created = new CodeconnectionsConnection(
        stack,
        `connection-${connection.name}`,
        {
          name: names[connection.name],
          // A self-hosted provider is reached through its host, which carries the provider type.
          ...(connection.hostArn
            ? { hostArn: connection.hostArn }
            : { providerType: connection.provider }),
        },
      );
      this.arns[connection.name] = created.arn;
      new TerraformOutput(stack, `connection-${connection.name}-arn`, {
        description: `Connection "${connection.name}": PENDING until confirmed once in the console (Developer Tools > Settings > Connections)`,
        value: created.arn,
      });
    }
  }
}
