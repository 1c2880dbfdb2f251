/**
 * What one environment's Beanstalk instances may do, as a pure function: the ServiceStack renders
 * it with Terraform references, the catalogue validator with the names they resolve to. Each
 * environment has its own role, so staging instances cannot read production's secrets.
 */
import { arn, objectArn } from "../../plan/arn";
import { logGroupArn } from "../../plan/refs";
import { ECR_LOGIN_ACTIONS, ECR_PULL_ACTIONS, Statement } from "../../plan/iam";
import { decryptSecretStatements, SecretKeys } from "../../plan/secrets";
import { BeanstalkNames } from "./names";

export interface InstanceRoleProps {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** The environment's Beanstalk name. */
  readonly environmentName: string;
  readonly applicationName: string;
  /** The service's own repository. */
  readonly imageArn: string;
  /** SSM parameters and Secrets Manager secrets this environment reads. */
  readonly parameterArns: readonly string[];
  readonly secretArns: readonly string[];
  /** The customer-managed keys the catalogue names for those (AWS-managed ones need none). */
  readonly secretKeys: SecretKeys;
}

export function instanceRoleStatements(props: InstanceRoleProps): Statement[] {
  const statements: Statement[] = [
    // GetAuthorizationToken supports no resource.
    { sid: "EcrLogin", actions: [...ECR_LOGIN_ACTIONS], resources: ["*"] },
    {
      sid: "PullOwnImage",
      actions: [...ECR_PULL_ACTIONS],
      resources: [props.imageArn],
    },
    ...webTierStatements(props),
  ];
  if (props.parameterArns.length > 0) {
    statements.push({
      sid: "ReadEnvironmentParameters",
      actions: ["ssm:GetParameter"],
      resources: [...props.parameterArns],
    });
  }
  if (props.secretArns.length > 0) {
    statements.push({
      sid: "ReadEnvironmentSecrets",
      actions: ["secretsmanager:GetSecretValue"],
      resources: [...props.secretArns],
    });
  }
  statements.push(...decryptSecretStatements(props.secretKeys, props.region));
  return statements;
}

/**
 * The Beanstalk web-tier basics, as AWS's AWSElasticBeanstalkWebTier policy grants them but
 * scoped to this environment: read the Beanstalk buckets (platform assets and application
 * bundles), publish instance logs, stream logs to its own log groups, report its own health.
 * The managed policy would also let it write any `elasticbeanstalk-*` object and any
 * `/aws/elasticbeanstalk*` log group, other services' included.
 * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/iam-instanceprofile.html
 */
function webTierStatements(props: InstanceRoleProps): Statement[] {
  const storage = BeanstalkNames.storageBucket(props);
  const buckets = BeanstalkNames.beanstalkBuckets(props);
  const environment = props.environmentName;
  const eb = (resource: string) => arn(props, "elasticbeanstalk", resource);
  return [
    {
      sid: "ReadBeanstalkBuckets",
      actions: [
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:GetObjectVersion",
        "s3:ListBucket",
      ],
      resources: [buckets.arn, objectArn(buckets, "*")],
    },
    {
      sid: "PublishInstanceLogs",
      actions: ["s3:PutObject"],
      resources: [objectArn(storage, "resources/environments/logs/*")],
    },
    {
      sid: "StreamOwnLogs",
      actions: [
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
      ],
      resources: [logGroupArn(props, `/aws/elasticbeanstalk/${environment}/*`)],
    },
    {
      sid: "ReportOwnHealth",
      actions: ["elasticbeanstalk:PutInstanceStatistics"],
      resources: [
        eb(`application/${props.applicationName}`),
        eb(`environment/${props.applicationName}/${environment}`),
      ],
    },
  ];
}
