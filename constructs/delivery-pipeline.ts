import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Codepipeline } from "@cdktf/provider-aws/lib/codepipeline";
import { CodestarnotificationsNotificationRule } from "@cdktf/provider-aws/lib/codestarnotifications-notification-rule";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { servicePrincipal } from "../plan/arn";
import type { ArnScope } from "../plan/arn";
import { DeliveryStack } from "./delivery-stack";
import { assumeRolePolicy, policyDocument } from "./private/iam";
import { sourceKindOf } from "../sources/registry";
import { escapeTerraform, jsonencode } from "./private/terraform";
import { Token, type ITerraformDependable } from "./private/cdktf";
import type { ActionPlan } from "../plan/pipeline-stages";
import {
  PipelineRoleProps,
  pipelineRoleStatements,
} from "../plan/pipeline-policy";
import { pipelineStages, pipelineTriggers } from "../plan/pipeline-stages";
import { baseImageSource } from "../sources/base-image";
import {
  NOTIFICATION_DETAIL_TYPE,
  NotificationRulePlan,
} from "../plan/notifications";

/** Account, partition and region come from the stack (DeliveryStack). */
export interface DeliveryPipelineProps extends Omit<
  PipelineRoleProps,
  "accountId" | "partition" | "region"
> {
  readonly pipelineName: string;
  readonly roleName: string;
  readonly eventsRoleName: string;
  readonly sourceRuleName: string;
  readonly baseImageRuleName: string;
  /**
   * Its notification rule (plan/notifications.ts).
   * @default none: the pipeline announces nothing
   */
  readonly notificationRule?: NotificationRulePlan;
  /**
   * What its notification rule waits for: the policy of a topic created in the same stack, which
   * CodeStar Notifications checks when the rule is created. A topic of another stack (applied
   * before) or an existing one needs nothing.
   */
  readonly notificationRuleDependsOn?: readonly ITerraformDependable[];
}

/**
 * A V2 CodePipeline: Source (+ base image) -> Build -> per environment an optional manual
 * approval, a Mark and its deploy target's deploy, with a role that may do exactly what its actions need,
 * and the EventBridge rules that start it when a source without webhooks changes.
 */
export class DeliveryPipeline extends Construct {
  readonly pipeline: Codepipeline;
  readonly role: IamRole;

  private readonly props: DeliveryPipelineProps & ArnScope;

  constructor(
    scope: Construct,
    id: string,
    pipelineProps: DeliveryPipelineProps,
  ) {
    super(scope, id);
    const stack = DeliveryStack.of(this);
    const props = {
      ...pipelineProps,
      accountId: stack.accountId,
      partition: stack.partition,
      region: stack.region,
    };
    this.props = props;
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `CodePipeline service role of ${props.pipelineName}`,
      assumeRolePolicy: assumeRolePolicy(
        servicePrincipal("codepipeline"),
        props.accountId,
      ),
    });
    const policy = new IamRolePolicy(this, "policy", {
      name: "pipeline",
      role: this.role.name,
      policy: policyDocument(pipelineRoleStatements(props)),
    });

    const triggers = pipelineTriggers(props);
    this.pipeline = new Codepipeline(this, "pipeline", {
      name: props.pipelineName,
      pipelineType: "V2",
      executionMode: "SUPERSEDED",
      roleArn: this.role.arn,
      artifactStore: [
        {
          type: "S3",
          location: props.artifactBucket.name,
          encryptionKey: { type: "KMS", id: props.kmsKeyArn },
        },
      ],
      stage: pipelineStages(props).map((stage) => ({
        ...stage,
        action: stage.action.map(withReferences),
      })),
      ...(triggers.length > 0 && { trigger: triggers }),
      dependsOn: [policy],
    });

    if (props.notificationRule) {
      new CodestarnotificationsNotificationRule(this, "notifications", {
        name: props.notificationRule.name,
        resource: this.pipeline.arn,
        detailType: NOTIFICATION_DETAIL_TYPE,
        eventTypeIds: [...props.notificationRule.eventTypeIds],
        target: [{ type: "SNS", address: props.notificationRule.topicArn }],
        ...(props.notificationRuleDependsOn && {
          dependsOn: [...props.notificationRuleDependsOn],
        }),
      });
    }

    const eventTriggers: {
      id: string;
      name: string;
      description: string;
      pattern: unknown;
    }[] = [];
    const sourceTrigger = this.sourceEventPattern();
    if (sourceTrigger) {
      eventTriggers.push({
        id: "source-trigger",
        name: props.sourceRuleName,
        description: `Start ${props.pipelineName} when its source changes`,
        pattern: sourceTrigger,
      });
    }
    if (props.baseImage) {
      eventTriggers.push({
        id: "base-image-trigger",
        name: props.baseImageRuleName,
        description: `Start ${props.pipelineName} when its base image is pushed`,
        pattern: baseImageSource.trigger(props.baseImage),
      });
    }
    if (eventTriggers.length > 0) {
      const eventsRole = new IamRole(this, "events-role", {
        name: props.eventsRoleName,
        description: `Lets EventBridge start ${props.pipelineName}`,
        assumeRolePolicy: assumeRolePolicy(
          servicePrincipal("events"),
          props.accountId,
        ),
      });
      new IamRolePolicy(this, "events-policy", {
        name: "start-pipeline",
        role: eventsRole.name,
        policy: policyDocument([
          {
            sid: "StartThisPipeline",
            actions: ["codepipeline:StartPipelineExecution"],
            resources: [this.pipeline.arn],
          },
        ]),
      });
      for (const trigger of eventTriggers) {
        const rule = new CloudwatchEventRule(this, trigger.id, {
          name: trigger.name,
          description: trigger.description,
          eventPattern: jsonencode(trigger.pattern),
        });
        new CloudwatchEventTarget(this, `${trigger.id}-target`, {
          rule: rule.name,
          targetId: "pipeline",
          arn: this.pipeline.arn,
          roleArn: eventsRole.arn,
        });
      }
    }
  }

  /** What starts the pipeline for sources without a webhook (CodeCommit, S3). */
  private sourceEventPattern(): unknown {
    const { source } = this.props;
    // Connections notify CodePipeline themselves (DetectChanges).
    return sourceKindOf(source).trigger?.(source, this.props);
  }
}

/**
 * An action's EnvironmentVariables (JSON text) as Terraform's jsonencode() of them when they hold
 * a reference (a smoke test's URL: the environment's address), so the reference stays an
 * expression and the HCL output stays valid (see jsonencode); as escaped text otherwise.
 */
function withReferences(action: ActionPlan): ActionPlan {
  const variables = action.configuration?.EnvironmentVariables;
  if (variables === undefined) return action;
  return {
    ...action,
    configuration: {
      ...action.configuration,
      EnvironmentVariables: Token.isUnresolved(variables)
        ? jsonencode(JSON.parse(variables))
        : escapeTerraform(variables),
    },
  };
}
