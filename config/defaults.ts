/**
 * Every default of the catalogue, in one table. The schema (config/schema.ts) reads its
 * `default` values from here, so the validator, the JSON Schema, the README reference and the
 * constructs cannot disagree.
 */
import { HTTP_PROCESS } from "./environment-parts";
export const DEFAULTS = {
  build: {
    computeType: "BUILD_GENERAL1_SMALL",
    // https://docs.aws.amazon.com/codebuild/latest/userguide/ec2-compute-images.html
    image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
    privileged: true,
    // CodeBuild's own default build timeout.
    timeoutMinutes: 60,
    cache: "none",
  },
  image: {
    scanOnPush: true,
    tagMutability: "IMMUTABLE",
    keepTagged: 30,
    expireUntaggedDays: 7,
    encryption: "KMS",
  },
  port: 8080,
  retired: false,
  environment: {
    approval: false,
  },
  /** One process, the image's CMD, serving HTTP. */
  processes: { [HTTP_PROCESS]: {} },
  source: {
    branch: "main",
  },
  // A smoke test waits up to attempts x (timeout + interval): 10 x 25 s, about four minutes,
  // for an environment that is still warming up after its deploy.
  smokeTest: {
    attempts: 10,
    intervalSeconds: 15,
    timeoutSeconds: 10,
  },
  tests: {
    timeoutMinutes: 60,
  },
  dockerBuilder: {
    enabled: false,
    computeType: "BUILD_GENERAL1_MEDIUM",
    timeoutMinutes: 60,
  },
  notifications: {
    events: ["failed", "succeeded", "approval"],
  },
  terraform: {
    hostname: "app.terraform.io",
    workspacePrefix: "",
    workspaces: {
      // The newest 1.11 release; 1.7 or later is needed for `removed` blocks.
      // https://releases.hashicorp.com/terraform/
      terraformVersion: "1.11.4",
    },
  },
} as const;
