/**
 * Schema building blocks the catalogue's schema (./schema.ts) and the deploy targets' environment
 * schemas (targets/<kind>/schema.ts) share. Apart from ./schema.ts, which imports the target
 * registry: a target's loader can use these without an import cycle.
 */
import { DEFAULTS } from "./defaults";
import type {
  ArraySchema,
  MapSchema,
  ObjectSchema,
  StringSchema,
} from "./schema-types";

/** The hint of every name key (services, environments, connections, base images). */
export const NAME_HINT =
  "lowercase letters, digits and '-', starting with a letter";

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_VAR_HINT = "letters, digits and '_', not starting with a digit";
const SECRET_REF = /^(ssm:.+|secretsmanager:.+)$/;
const SECRET_HINT =
  '"ssm:<parameter name>" or "secretsmanager:<secret name or ARN>[:<json key>[:<version stage>[:<version id>]]]"';

/**
 * A path the smoke test requests (`smokeTest.path`, or the `healthCheckPath` it falls back to):
 * the characters of a URL's path and query (RFC 3986 pchar, "/" and "?"; "%" only as a
 * percent-encoding). The pipeline puts it into the smoke action's configuration, where `#{...}`
 * is CodePipeline's variable syntax: "#", "{" and "}" are refused, as are spaces and quotes.
 * https://www.rfc-editor.org/rfc/rfc3986#section-3.3
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-variables.html
 */
export const URL_PATH_PATTERN =
  /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
export const URL_PATH_HINT =
  'a URL path starting with "/": letters, digits and /-._~!$&\'()*+,;=:@?% (no "#", "{", "}" or spaces)';

export const variables = (what: string) =>
  ({
    type: "map",
    sensitive: true,
    description: `${what} environment variables, plain text: NAME: value. Credentials are refused (AWS access key ids, private keys, URLs with a password, and literal values of names containing PASSWORD, SECRET, TOKEN or API_KEY; see Security): name them under secrets.`,
    keyPattern: ENV_VAR_NAME,
    keyHint: ENV_VAR_HINT,
    values: {
      type: "scalar",
      description: "The value (numbers and booleans are passed as written).",
      maxLength: 4096,
    },
  }) as const satisfies MapSchema;

/** A secret reference, as a secrets map's value or as its `from`. */
const SECRET_REFERENCE = {
  type: "string",
  description: "A reference to the secret.",
  pattern: SECRET_REF,
  hint: SECRET_HINT,
  sensitive: true,
} as const satisfies StringSchema;

export const secrets = (what: string) =>
  ({
    type: "map",
    sensitive: true,
    description: `${what} secrets as environment variables: NAME: ssm:<parameter> or secretsmanager:<secret>[:<json key>]; a secret encrypted with a customer-managed KMS key says which: NAME: { from: <reference>, kmsKey: <key ARN> }. Values never appear in plain text, and the role may read exactly these (and decrypt with exactly the keys named; AWS-managed keys need no grant).`,
    keyPattern: ENV_VAR_NAME,
    keyHint: ENV_VAR_HINT,
    values: {
      type: "oneOf",
      description: "The secret: its reference, or the reference and its key.",
      variants: [
        SECRET_REFERENCE,
        {
          type: "object",
          description:
            "A secret encrypted with a customer-managed KMS key: the role that reads it may kms:Decrypt with that key, through the store that holds the secret (kms:ViaService).",
          properties: {
            from: SECRET_REFERENCE,
            kmsKey: {
              type: "string",
              description:
                "The ARN of the customer-managed KMS key the secret is encrypted with, in the catalogue's region: arn:<partition>:kms:<region>:<account>:key/<key id>. Not an alias (IAM does not authorize kms:Decrypt through an alias's ARN), and not an AWS-managed key (aws/ssm, aws/secretsmanager need no grant: write the plain reference).",
              pattern: /^arn:\S+$/,
              hint: "a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>",
            },
          },
          required: ["from", "kmsKey"],
        },
      ],
    },
  }) as const satisfies MapSchema;

/** An environment's variables and secrets (every kind has them). */
export const ENVIRONMENT_VARIABLES = variables("Environment");
export const ENVIRONMENT_SECRETS = secrets("Environment");

/** See config/gates.ts for when it is on. */
export const SMOKE_TEST_SCHEMA = {
  type: "object",
  description:
    "After the deploy, a CodeBuild action requests the environment's URL + path until it answers 2xx; otherwise the stage fails and nothing after it (a later environment's approval) runs.",
  properties: {
    enabled: {
      type: "boolean",
      description:
        'Left out: on when the load balancer is public and a healthCheckPath or any smokeTest key is written (here or under defaults.environment); off otherwise (Beanstalk\'s implicit "/" does not count). An internal load balancer cannot be reached from CodeBuild: true is refused there.',
    },
    path: {
      type: "string",
      description:
        "The path requested. Left out: the environment's healthCheckPath.",
      pattern: URL_PATH_PATTERN,
      hint: URL_PATH_HINT,
    },
    attempts: {
      type: "integer",
      description: "Requests before the test fails.",
      minimum: 1,
      maximum: 20,
      default: DEFAULTS.smokeTest.attempts,
    },
    intervalSeconds: {
      type: "integer",
      description: "Seconds between attempts.",
      minimum: 1,
      maximum: 30,
      default: DEFAULTS.smokeTest.intervalSeconds,
    },
    timeoutSeconds: {
      type: "integer",
      description: "Seconds one request may take.",
      minimum: 1,
      maximum: 30,
      default: DEFAULTS.smokeTest.timeoutSeconds,
    },
  },
} as const satisfies ObjectSchema;

/** A VPC id (a network's vpcId, for every deploy target). */
export const VPC_ID = {
  type: "string",
  description: "The VPC.",
  pattern: /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  hint: "a VPC id such as vpc-0a1b2c3d4e5f67890",
} as const satisfies StringSchema;

/** A list of subnet ids (a network's subnets, for every deploy target). */
export const subnets = (description: string, minItems: number) =>
  ({
    type: "array",
    description,
    minItems,
    uniqueItems: true,
    items: {
      type: "string",
      description: "A subnet id.",
      pattern: /^subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
      hint: "a subnet id such as subnet-0a1b2c3d4e5f67890",
    },
  }) as const satisfies ArraySchema;
