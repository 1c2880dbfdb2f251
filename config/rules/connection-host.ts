import { isObject, objectOf } from "../merge";
import { type MergedRule } from "./rule";

/**
 * A connection to a self-hosted provider is made through a host: CreateConnection refuses a
 * ProviderType of GitHubEnterpriseServer without one, and a host with any other provider.
 */
export const connectionHost: MergedRule = {
  id: "connection-host",
  summary:
    "A GitHubEnterpriseServer connection needs `hostArn`; a connection to any other provider takes none.",
  keys: ["connections.<name>.provider", "connections.<name>.hostArn"],
  stage: "merged",
  check: (ctx) => {
    for (const [name, value] of Object.entries(objectOf(ctx.raw.connections))) {
      if (!isObject(value) || value.provider === undefined) continue;
      if (
        value.provider === "GitHubEnterpriseServer" &&
        value.hostArn === undefined
      ) {
        ctx.report(
          ["connections", name, "provider"],
          "GitHubEnterpriseServer needs hostArn (the CodeConnections host of your server)",
        );
      }
      if (
        value.provider !== "GitHubEnterpriseServer" &&
        value.hostArn !== undefined
      ) {
        ctx.report(
          ["connections", name, "hostArn"],
          `a host is only for GitHubEnterpriseServer, not ${String(value.provider)}`,
        );
      }
    }
  },
};
