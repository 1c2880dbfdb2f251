import {
  serviceStackName,
  sharedStackName,
  workspaceName,
} from "../../plan/named-resources";
import { getIn, objectOf } from "../merge";
import { type MergedRule } from "./rule";

/**
 * The workspaces stack keeps its state in a workspace made by hand, never in one it creates: it
 * would hold its own state, and creating it would fail, as Terraform Cloud refuses a second
 * workspace of the same name in an organization.
 * https://developer.hashicorp.com/terraform/cloud-docs/workspaces/create
 */
export const workspaceStateClash: MergedRule = {
  id: "workspace-state-clash",
  summary:
    "`terraform.cloud.workspaces.stateWorkspace` is not one of the workspaces the catalogue creates (`workspacePrefix` + a stack name).",
  keys: [
    "terraform.cloud.workspaces.stateWorkspace",
    "terraform.cloud.workspacePrefix",
  ],
  stage: "merged",
  check: (ctx) => {
    const path = ["terraform", "cloud", "workspaces", "stateWorkspace"];
    const state = getIn(ctx.raw, path);
    const organisation = ctx.raw.organisation;
    if (typeof state !== "string" || typeof organisation !== "string") return;
    const prefix = getIn(ctx.raw, ["terraform", "cloud", "workspacePrefix"]);
    const stacks = [
      sharedStackName(organisation),
      ...Object.keys(objectOf(ctx.raw.services)).map((service) =>
        serviceStackName(organisation, service),
      ),
    ];
    const stack = stacks.find(
      (s) =>
        workspaceName(typeof prefix === "string" ? prefix : "", s) === state,
    );
    if (stack !== undefined)
      ctx.report(
        path,
        `"${state}" is the workspace of the stack ${stack}, which this stack creates; name a workspace made by hand`,
      );
  },
};
