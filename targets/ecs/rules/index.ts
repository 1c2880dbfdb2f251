/**
 * The ECS target's catalogue rules, one file each (the shape of config/rules/): they see only the
 * environments of this target (config/load-catalogue.ts), and the README lists them with the
 * catalogue's own. Adding one: a file here, a line below, and its failing and passing fixtures
 * named after its id.
 */
import type { MergedRule } from "../../../config/rules/rule";
import { clusterCertificateRegion } from "./cluster-certificate-region";
import { clusterExists } from "./cluster-exists";
import { clusterRemovedInUse } from "./cluster-removed-in-use";
import { deploymentRoom } from "./deployment-room";
import { fargateSizes } from "./fargate-sizes";
import { httpHosts } from "./http-hosts";
import { httpPaths } from "./http-paths";
import { httpProcess } from "./http-process";
import { listenerRuleClash } from "./listener-rule-clash";
import { listenerRulePriorityBand } from "./listener-rule-priority-band";
import { listenerRuleQuota } from "./listener-rule-quota";
import { listenerRuleShadowing } from "./listener-rule-shadowing";
import { listenerRuleValues } from "./listener-rule-values";
import { processExists } from "./process-exists";
import { smokeTestRoute } from "./smoke-test-route";
import { taskCounts } from "./task-counts";

export const ECS_RULES: readonly MergedRule[] = [
  clusterExists,
  clusterRemovedInUse,
  clusterCertificateRegion,
  processExists,
  httpProcess,
  fargateSizes,
  taskCounts,
  deploymentRoom,
  httpHosts,
  httpPaths,
  listenerRuleValues,
  listenerRulePriorityBand,
  listenerRuleClash,
  listenerRuleShadowing,
  listenerRuleQuota,
  smokeTestRoute,
];
