import { ElasticBeanstalkEnvironment } from "@cdktf/provider-aws/lib/elastic-beanstalk-environment";
import { Construct } from "constructs";
import type { BeanstalkEnvironment as Environment } from "./types";
import { beanstalkSettings } from "./settings";
import { escapeTerraform } from "../../constructs/private/terraform";

export interface BeanstalkEnvironmentProps {
  readonly applicationName: string;
  readonly environmentName: string;
  readonly environment: Environment;
  /** Solution stack name: the catalogue's, or the newest Docker stack looked up at plan time. */
  readonly solutionStackName: string;
  readonly serviceRoleName: string;
  readonly instanceProfileName: string;
  /** Environment secrets as ARNs, by variable name. */
  readonly secretArns: Readonly<Record<string, string>>;
}

/**
 * One Elastic Beanstalk environment: Docker platform, WebServer tier, behind an Application Load
 * Balancer, with the service's own instance profile and the shared service role.
 */
export class BeanstalkEnvironment extends Construct {
  readonly environment: ElasticBeanstalkEnvironment;

  constructor(scope: Construct, id: string, props: BeanstalkEnvironmentProps) {
    super(scope, id);
    const settings = beanstalkSettings({
      environment: props.environment,
      serviceRole: props.serviceRoleName,
      instanceProfile: props.instanceProfileName,
      secretArns: props.secretArns,
    });
    this.environment = new ElasticBeanstalkEnvironment(this, "environment", {
      name: props.environmentName,
      application: props.applicationName,
      tier: "WebServer",
      solutionStackName: props.solutionStackName,
      ...(props.environment.cnamePrefix !== undefined && {
        cnamePrefix: props.environment.cnamePrefix,
      }),
      setting: settings.map((s) => ({
        namespace: s.namespace,
        name: s.name,
        value: escapeTerraform(s.value),
      })),
      lifecycle: {
        // The pipeline deploys versions; managed updates move the platform version.
        ignoreChanges: ["version_label", "solution_stack_name", "platform_arn"],
      },
    });
  }
}
