/**
 * The outline (the keys physical names are derived from) of whatever the shape validator kept,
 * so the plan's name checks can run beside the rules: every problem is reported at once.
 */
import type { CatalogueOutline } from "./catalogue";
import { planNames, type PlanNames } from "../plan/check";
import { DEFAULTS } from "./defaults";
import { isBoolean, isObject, isString } from "./merge";
import type { MergedImage } from "./rules/rule";
import { smokeTestOf } from "./gates";
import { outlineTargetSections, targetOfKind } from "../targets/registry";

type Obj = Record<string, unknown>;

export function outlineOf(
  raw: Obj,
  images: readonly MergedImage[],
): CatalogueOutline | undefined {
  const organisation = raw.organisation;
  if (!isString(organisation)) return undefined;
  const cloud = isObject(raw.terraform) ? raw.terraform.cloud : undefined;
  const builder = isObject(raw.dockerBuilder) ? raw.dockerBuilder : undefined;
  const notifications = raw.notifications;
  const retired = (image: MergedImage) =>
    image.merged.get(["retired"], isBoolean) === true;
  // As pipelineNotifications (./notifications) decides, on values that may have problems.
  const notifies = (image: MergedImage) => {
    const own = image.merged.get(["notifications"]);
    if (isObject(own) && own.enabled === false) return {};
    return isObject(own) || isObject(notifications)
      ? { notifications: {} }
      : {};
  };
  return {
    organisation,
    // Only its length matters where no region is given: the longest common one.
    region: isString(raw.region) ? raw.region : "ap-southeast-2",
    ...(isObject(cloud) && {
      cloud: {
        workspacePrefix: isString(cloud.workspacePrefix)
          ? cloud.workspacePrefix
          : "",
        ...(isObject(cloud.workspaces) && { workspaces: cloud.workspaces }),
      },
    }),
    connections: Object.entries(
      isObject(raw.connections) ? raw.connections : {},
    ).map(([name, c]) => ({
      name,
      kind: isObject(c) && c.provider !== undefined ? "provider" : "existing",
    })),
    ...(builder?.enabled === true && { dockerBuilder: builder }),
    ...(isObject(notifications) && {
      notifications: {
        ...(typeof notifications.topicArn === "string" && {
          topicArn: notifications.topicArn,
        }),
        ...(isObject(notifications.slack) && { slack: notifications.slack }),
      },
    }),
    baseImages: images
      .filter((i) => i.kind === "baseImage")
      .map((i) => ({ name: i.name, retired: retired(i), ...notifies(i) })),
    ...outlineTargetSections(raw),
    services: images
      .filter((i) => i.kind === "service")
      .map((i) => ({
        name: i.name,
        retired: retired(i),
        processes: Object.keys(
          i.merged.get(["processes"], isObject) ?? DEFAULTS.processes,
        ).map((name) => ({ name })),
        // As written when it is a number (its problems are the shape validator's).
        port: numberOr(i.merged.get(["port"]), DEFAULTS.port),
        ...notifies(i),
        ...(isObject(i.merged.get(["tests"])) && { tests: {} }),
        environments: i.environments.map((e) => {
          const value = isObject(e.merged.value) ? e.merged.value : {};
          return {
            name: e.name,
            kind: e.merged.get(["kind"], isString),
            ...(smokeTestOf(
              value,
              targetOfKind(e.merged.get(["kind"]))?.smokeTestSite(
                value,
                raw,
                e.name,
              ),
            ) && { smokeTest: {} }),
          };
        }),
      })),
  };
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === "number" ? value : fallback;

/**
 * The names the catalogue derives, from the outline of what the shape validator kept: the name
 * rules (derived-name-limits, derived-name-clash, artifact-folder-clash) read it through their
 * context's `once`, so it is worked out once per load. Undefined without an organisation.
 */
export function outlineNames(
  raw: Obj,
  images: readonly MergedImage[],
): PlanNames | undefined {
  const outline = outlineOf(raw, images);
  return outline === undefined ? undefined : planNames(outline);
}
