/**
 * The Beanstalk target's physical names and the AWS rules they must obey, each with the page
 * that states it.
 */
import type { NameRule, Names } from "../../plan/names";

export const BEANSTALK_NAME_RULES = {
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateApplication.html
  application: {
    what: "Beanstalk application name",
    min: 1,
    max: 100,
    pattern: /^[^/]+$/,
    allowed: "any character but '/'",
  },
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html
  environment: {
    what: "Beanstalk environment name",
    min: 4,
    max: 40,
    pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/,
    allowed: "letters, digits and '-', not starting or ending with '-'",
  },
  // https://docs.aws.amazon.com/elasticbeanstalk/latest/api/API_CreateEnvironment.html (CNAMEPrefix)
  cnamePrefix: {
    what: "Beanstalk CNAME prefix",
    min: 4,
    max: 63,
    pattern: /^[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]$/,
    allowed: "letters, digits and '-', not starting or ending with '-'",
  },
} as const satisfies Record<string, NameRule>;

/**
 * A stand-in of a Beanstalk environment id's length ("e-" and 10 characters, as in
 * https://docs.aws.amazon.com/cli/latest/reference/elasticbeanstalk/describe-environments.html),
 * to measure policies that name it; the id exists only once the environment does.
 */
export const ENVIRONMENT_ID_FOR_LENGTH = "e-0000000000";

/** The Beanstalk names of a catalogue, from its organisation's Names. */
export class BeanstalkNames {
  constructor(private readonly names: Names) {}

  /** Elastic Beanstalk's own storage bucket (created by Beanstalk, one per account and region). */
  static storageBucket(accountId: string, region: string): string {
    return `elasticbeanstalk-${region}-${accountId}`;
  }
  /** The service role every environment and application of the catalogue uses. */
  get serviceRole(): string {
    return `${this.names.organisation}-beanstalk-service`;
  }
  /** A service's application: its project name. */
  application(service: string): string {
    return this.names.project(service);
  }
  environment(service: string, env: string): string {
    return `${this.names.organisation}-${service}-${env}`;
  }
  /**
   * Role (and instance profile) of one environment's instances: each environment reads only its
   * own secrets. At most 49 characters while the environment's name fits Beanstalk's 40.
   */
  instanceRole(service: string, env: string): string {
    return `${this.environment(service, env)}-instance`;
  }
}

/**
 * Whether any service of the catalogue, retired ones included, has a Beanstalk environment (an
 * environment without `kind` is one): only then does the shared stack keep the Beanstalk service
 * role. A retired service's environments are destroyed in its own stack's apply, after the shared
 * stack's, and run until then, so the role goes only once the entry is deleted.
 *
 * The last Beanstalk environment of a live service switched to `kind: ecs` or deleted takes the
 * role with it in the same edit, so the shared apply deletes it first. That is safe for both
 * applies: IAM deletes a role whatever still names it (its policy attachments are in the same
 * stack and go first); Beanstalk terminates an environment with the caller's permissions, the
 * service role being for health monitoring and managed updates
 * (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/concepts-roles-service.html; an
 * environment without an operations role uses the caller's, API_DisassociateEnvironmentOperationsRole);
 * and the AWS provider's delete waits for `Terminated` ignoring the environment's error events.
 * The environment only reports no health until its own stack is applied.
 */
export function usesBeanstalk(
  services: readonly {
    readonly environments: readonly { readonly kind?: string }[];
  }[],
): boolean {
  return services.some((s) =>
    s.environments.some((e) => (e.kind ?? "beanstalk") === "beanstalk"),
  );
}
