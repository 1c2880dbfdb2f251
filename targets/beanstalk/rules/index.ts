/**
 * The Beanstalk target's catalogue rules, one file each (the shape of config/rules/): they see
 * only the environments of this target (config/load-catalogue.ts), and the README lists them
 * with the catalogue's own. Adding one: a file here, a line below, and its failing and passing
 * fixtures named after its id.
 */
import type { MergedRule } from "../../../config/rules/rule";
import { beanstalkSecretVersions } from "./beanstalk-secret-versions";
import { beanstalkSingleProcess } from "./beanstalk-single-process";
import { beanstalkVariableLimits } from "./beanstalk-variable-limits";
import { certificateRegion } from "./certificate-region";
import { cnamePrefixClash } from "./cname-prefix-clash";
import { instanceArchitecture } from "./instance-architecture";
import { instanceCounts } from "./instance-counts";
import { networkComplete } from "./network-complete";
import { platformSecrets } from "./platform-secrets";
import { retiredCnamePrefix } from "./retired-cname-prefix";

export const BEANSTALK_RULES: readonly MergedRule[] = [
  beanstalkSingleProcess,
  beanstalkSecretVersions,
  platformSecrets,
  instanceArchitecture,
  instanceCounts,
  certificateRegion,
  networkComplete,
  cnamePrefixClash,
  retiredCnamePrefix,
  beanstalkVariableLimits,
];
