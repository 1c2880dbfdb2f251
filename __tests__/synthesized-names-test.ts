/**
 * Every physical name the constructs synthesize is one the plan derives and checks: for each
 * valid fixture, each resource's name attribute must be in plan.resources with the AWS rule of its
 * resource type (or be a stack's Terraform Cloud workspace). A construct that names something the
 * plan does not list fails here, so the name checks (plan/check.ts) cannot miss it.
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { outlineOf } from "../config/outline";
import { mergeImages } from "../config/rules/rule";
import { ENVIRONMENT_DEFAULT_SECTIONS } from "../targets/registry";
import { CATALOGUE_SCHEMA } from "../config/schema";
import { ShapeValidator } from "../config/validate-shape";
import { namedResources } from "../plan/named-resources";
import { ACCOUNT_ID_FOR_LENGTH, NAME_RULES } from "../plan/names";
import { plan } from "../plan/plan";
import { BEANSTALK_NAME_RULES } from "../targets/beanstalk/names";
import { ECS_NAME_RULES } from "../targets/ecs/names";
import { FIXTURES, Json, load, synthStacks } from "./support/synth";

/** The attributes that carry a resource's physical name. */
const NAME_ATTRIBUTES = [
  "name",
  "bucket",
  "configuration_name",
  "name_prefix",
  "family",
];

/** Names that are no physical name of their own: an inline policy's is its role's business. */
const NOT_PHYSICAL = new Set(["aws_iam_role_policy.name"]);

const WORKSPACE = "Terraform Cloud workspace";

/** The rule (its `what`) the plan must check each named resource type's name against. */
const RULE_OF: Record<string, string> = {
  "aws_chatbot_slack_channel_configuration.configuration_name":
    NAME_RULES.chatbotChannel.what,
  "aws_cloudwatch_event_rule.name": NAME_RULES.eventRule.what,
  "aws_cloudwatch_log_group.name": NAME_RULES.logGroup.what,
  "aws_codebuild_project.name": NAME_RULES.codebuildProject.what,
  "aws_codeconnections_connection.name": NAME_RULES.connection.what,
  "aws_codepipeline.name": NAME_RULES.pipeline.what,
  "aws_codestarnotifications_notification_rule.name":
    NAME_RULES.notificationRule.what,
  "aws_ecr_repository.name": NAME_RULES.ecrRepository.what,
  "aws_ecs_cluster.name": ECS_NAME_RULES.cluster.what,
  "aws_ecs_service.name": ECS_NAME_RULES.service.what,
  "aws_ecs_task_definition.family": ECS_NAME_RULES.taskFamily.what,
  "aws_elastic_beanstalk_application.name":
    BEANSTALK_NAME_RULES.application.what,
  "aws_elastic_beanstalk_environment.name":
    BEANSTALK_NAME_RULES.environment.what,
  "aws_iam_instance_profile.name": NAME_RULES.instanceProfile.what,
  "aws_iam_role.name": NAME_RULES.iamRole.what,
  "aws_kms_alias.name": NAME_RULES.kmsAlias.what,
  "aws_lb.name": ECS_NAME_RULES.loadBalancer.what,
  "aws_lb_target_group.name": ECS_NAME_RULES.targetGroup.what,
  "aws_s3_bucket.bucket": NAME_RULES.s3Bucket.what,
  "aws_security_group.name": ECS_NAME_RULES.securityGroup.what,
  "aws_sns_topic.name": NAME_RULES.snsTopic.what,
  "aws_ssm_parameter.name": ECS_NAME_RULES.ssmParameter.what,
  "tfe_workspace.name": WORKSPACE,
};

/** `type.attribute rule "name"` of every literal physical name in the stacks. */
function synthesizedNames(stacks: Record<string, Json>): string[] {
  const out = new Set<string>();
  for (const json of Object.values(stacks))
    for (const [type, byId] of Object.entries<Json>(json.resource ?? {}))
      for (const resource of Object.values<Json>(byId))
        for (const attribute of NAME_ATTRIBUTES) {
          const key = `${type}.${attribute}`;
          const value: unknown = resource[attribute];
          if (typeof value !== "string" || NOT_PHYSICAL.has(key)) continue;
          // The account id is measured by its length, as the plan does; a name that is a
          // reference to another resource's is that resource's.
          const name = value.replace(
            "${data.aws_caller_identity.current.account_id}",
            ACCOUNT_ID_FOR_LENGTH,
          );
          if (name.includes("${")) continue;
          out.add(`${key} ${RULE_OF[key] ?? "(no rule: add it)"} "${name}"`);
        }
  return [...out].sort();
}

const files = readdirSync(path.join(FIXTURES, "valid")).filter((f) =>
  f.endsWith(".yaml"),
);

test.each(files)(
  "every name %s synthesizes is in the plan, with its rule",
  (file) => {
    const catalogue = load(
      readFileSync(path.join(FIXTURES, "valid", file), "utf8"),
    );
    const delivery = plan(catalogue);
    const planned = new Set([
      ...delivery.resources.flatMap((r) =>
        r.rule ? [`${r.rule.what} "${r.name}"`] : [],
      ),
      ...delivery.stacks.flatMap((s) =>
        s.kind !== "workspaces" && s.workspace !== undefined
          ? [`${WORKSPACE} "${s.workspace}"`]
          : [],
      ),
    ]);
    const names = synthesizedNames(synthStacks(catalogue));
    expect(names.length).toBeGreaterThan(5);
    expect(
      names.filter((n) => !planned.has(n.slice(n.indexOf(" ") + 1))),
    ).toEqual([]);
  },
);

/** The name rules see the outline of the merged YAML, before the catalogue is built from it. */
test.each(files)("the name rules derive the same names from %s", (file) => {
  const text = readFileSync(path.join(FIXTURES, "valid", file), "utf8");
  const raw = new ShapeValidator(parseDocument(text)).validate(
    CATALOGUE_SCHEMA,
  );
  const outline =
    raw && outlineOf(raw, mergeImages(raw, ENVIRONMENT_DEFAULT_SECTIONS));
  // In any order: the loader sorts the entries.
  const sorted = (resources: readonly object[]) =>
    resources.map((r) => JSON.stringify(r)).sort();
  expect(outline && sorted(namedResources(outline))).toEqual(
    sorted(namedResources(load(text))),
  );
});
