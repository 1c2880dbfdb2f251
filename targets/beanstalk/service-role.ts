/**
 * The shared stack's part of the Beanstalk target: the Elastic Beanstalk service role every
 * environment and application of the catalogue uses (health reporting, managed updates, the
 * application version lifecycle).
 */
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { servicePrincipal } from "../../plan/arn";
import type { DeliveryStack } from "../../constructs/delivery-stack";
import { policyDocument } from "../../constructs/private/iam";
import { awsManagedPolicyArn } from "../../plan/refs";
import type { BeanstalkNames } from "./names";

export function renderBeanstalkServiceRole(
  stack: DeliveryStack,
  names: BeanstalkNames,
): void {
  const serviceRole = new IamRole(stack, "beanstalk-service-role", {
    name: names.serviceRole,
    description:
      "Elastic Beanstalk service role: health reporting and managed platform updates",
    // https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/iam-servicerole.html
    assumeRolePolicy: policyDocument([
      {
        sid: "TrustBeanstalk",
        actions: ["sts:AssumeRole"],
        resources: [],
        principals: { Service: [servicePrincipal("elasticbeanstalk")] },
        conditions: {
          StringEquals: { "sts:ExternalId": "elasticbeanstalk" },
        },
      },
    ]),
  });
  // AWS's policies for a Beanstalk service role, at the paths AWS publishes them under:
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSElasticBeanstalkEnhancedHealth.html
  for (const [policy, path] of [
    ["AWSElasticBeanstalkEnhancedHealth", "service-role/"],
    ["AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy", ""],
  ]) {
    new IamRolePolicyAttachment(stack, `beanstalk-service-${policy}`, {
      role: serviceRole.name,
      policyArn: awsManagedPolicyArn(stack, policy, path),
    });
  }
}
