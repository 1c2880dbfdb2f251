/**
 * The Beanstalk target's stateful resource types, with the arguments that force a new resource
 * (checked as constructs/private/stateful-changes.ts says).
 */
import type { StatefulType } from "../../plan/stateful-type";

export const BEANSTALK_STATEFUL_TYPES: Readonly<Record<string, StatefulType>> =
  {
    // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elastic_beanstalk_environment
    aws_elastic_beanstalk_environment: {
      label: "Beanstalk environment",
      nameAttribute: "name",
      forcing: [
        { name: "name" },
        { name: "cname_prefix", keptWhenRemoved: true },
        { name: "tier", default: "WebServer" },
      ],
      loss: "its instances, load balancer and URL (the CNAME is free for anyone to take)",
    },
    // Deleting an application terminates its environments:
    // https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_DeleteApplication.html
    aws_elastic_beanstalk_application: {
      label: "Beanstalk application",
      nameAttribute: "name",
      forcing: [{ name: "name" }],
      loss: "its application versions and every environment in it",
    },
  };
