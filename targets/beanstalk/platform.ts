/** The Beanstalk Docker platforms this target uses and what each version can do. */

/**
 * The Docker platform used when an environment names none: the newest
 * "64bit Amazon Linux 2023 ... running Docker" solution stack, looked up at plan time, so a
 * new environment never starts on a retired platform. Managed updates keep it current after.
 */
export const DOCKER_PLATFORM_REGEX =
  "^64bit Amazon Linux 2023 v[0-9.]+ running Docker$";

/**
 * The oldest Docker platform version that can give an environment its `secrets:`, per Amazon
 * Linux version, for each form a secret takes. Beanstalk documents these by release date, so the
 * versions are read off the Docker platform history:
 * - secrets (SSM parameters and whole Secrets Manager secrets) as environment variables: platform
 *   versions released on or after 2025-03-26
 *   (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html,
 *   https://docs.aws.amazon.com/elasticbeanstalk/latest/relnotes/release-2025-03-31-environment-secrets.html).
 *   AL2023: v4.5.0, the minor version that followed that release (a minor version is how
 *   Beanstalk ships a feature; the 4.4 line is older). AL2: v4.3.4, the oldest AL2 Docker
 *   version the platform history shows current after that date (2025-10-27); the AL2 branch
 *   retires on 2026-06-30, so older AL2 versions are refused rather than guessed.
 * - `<arn>:<json key>` (secretsmanager:<secret>:<json key>): platform versions released on or
 *   after 2026-01-13, documented for Amazon Linux 2023
 *   (https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html#AWSHowTo.secrets.json,
 *   https://docs.aws.amazon.com/elasticbeanstalk/latest/relnotes/release-2026-01-13-al2023.html):
 *   AL2023 v4.9.1, the version of that release (AMI 2023.10.20260105). No AL2 version.
 * Platform history: https://docs.aws.amazon.com/elasticbeanstalk/latest/platforms/platform-history-docker.html
 */
export const SECRET_PLATFORMS = {
  secrets: {
    what: "environment secrets",
    released: "2025-03-26",
    minimum: { "2023": "4.5.0", "2": "4.3.4" },
  },
  jsonKey: {
    what: "JSON keys",
    released: "2026-01-13",
    minimum: { "2023": "4.9.1" },
  },
} as const satisfies Record<
  string,
  {
    what: string;
    released: string;
    minimum: Partial<Record<"2023" | "2", string>>;
  }
>;
