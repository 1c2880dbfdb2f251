/**
 * The construct id of a `clusters:` entry's resources in the shared stack (EcsSharedCluster) and
 * of the service stacks' lookups of them: `ecs-cluster-<entry>`. Terraform addresses derive from
 * it, and the previous output is read back by it (./in-use, the replacement warnings).
 */
const PREFIX = "ecs-cluster-";

export function clusterConstructId(entry: string): string {
  return `${PREFIX}${entry}`;
}

/**
 * The entry a construct path belongs to: `ecs-cluster-<entry>/<below>`, below the stack (or
 * anywhere after a `/` with `anywhere`), with `<below>` matching `below` when given.
 */
export function clusterEntryOf(
  path: string,
  below = "[^]*",
  anywhere = false,
): string | undefined {
  return new RegExp(`${anywhere ? "/" : "^"}${PREFIX}([^/]+)/${below}$`).exec(
    path,
  )?.[1];
}
