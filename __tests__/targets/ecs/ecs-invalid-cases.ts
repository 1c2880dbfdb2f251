/**
 * The ECS target's invalid fixtures (__tests__/fixtures/invalid/) with their exact messages, as
 * cases of catalogue-errors-test.ts: [what, file, problems].
 */
import { TLS13_POLICIES } from "../../../plan/elb-security-policies";

export const ECS_CASES: [string, string, string[]][] = [
  [
    "an ECS environment runs in a cluster of the catalogue",
    "cluster-exists.yaml",
    [
      'cluster-exists.yaml:14:7 services.api.environments.staging: runs in the cluster named like it, "staging", which clusters does not define (clusters has production); add it, or name one with cluster:',
      'cluster-exists.yaml:15:41 services.api.environments.production.cluster: unknown cluster "prod"; clusters has production',
    ],
  ],
  [
    "a retired service's ECS environments keep their clusters until its entry goes",
    "cluster-removed-in-use.yaml",
    [
      "cluster-removed-in-use.yaml:15:7 services.api.environments.staging: runs on clusters.staging, which clusters does not define, until the retirement of services.api is applied; the shared stack applies first and could not delete a cluster that still holds services: keep clusters.staging until that apply, then delete services.api, then the cluster",
      "cluster-removed-in-use.yaml:16:37 services.api.environments.canary.cluster: runs on clusters.edge, which clusters does not define, until the retirement of services.api is applied; the shared stack applies first and could not delete a cluster that still holds services: keep clusters.edge until that apply, then delete services.api, then the cluster",
    ],
  ],
  [
    "a cluster certificate is in the catalogue region",
    "cluster-certificate-region.yaml",
    [
      "cluster-certificate-region.yaml:10:30 clusters.production.https.certificateArn: the certificate must be in the catalogue's region eu-west-1, got us-east-1",
    ],
  ],
  [
    "per-process settings name processes of the service",
    "process-exists.yaml",
    [
      'process-exists.yaml:18:22 services.api.environments.production.processes.workers: unknown process "workers"; services.api.processes has web, worker',
    ],
  ],
  [
    "http exactly when the service has a web process",
    "http-process.yaml",
    [
      "http-process.yaml:14:7 services.api.environments.production: needs http (the hosts and paths the load balancer sends to the service's web process)",
      "http-process.yaml:19:32 services.jobs.environments.production.http: the service has no web process to send requests to (processes: worker); remove http, or add a web process",
    ],
  ],
  [
    "each process runs as a Fargate size",
    "fargate-sizes.yaml",
    [
      "fargate-sizes.yaml:12:10 defaults.environment.cpu: Fargate has no task of cpu 1024 with memory 512 (the default); with cpu 1024 it offers memory 2048 to 8192 in steps of 1024 (inherited by services.api.environments.production.cpu)",
      "fargate-sizes.yaml:22:39 services.api.environments.production.processes.worker.memory: Fargate has no task of cpu 512 with memory 512; with cpu 512 it offers memory 1024 to 4096 in steps of 1024",
      "fargate-sizes.yaml:29:14 services.web.environments.production.cpu: Fargate offers cpu 256, 512, 1024, 2048, 4096, 8192 or 16384, got 300",
      "fargate-sizes.yaml:39:37 services.shop.environments.production.processes.worker.cpu: Fargate has no task of cpu 2048 with memory 1024; with cpu 2048 it offers memory 4096 to 16384 in steps of 1024",
    ],
  ],
  [
    "a count has min at most max; requests per target on the web process only",
    "task-counts.yaml",
    [
      "task-counts.yaml:18:31 services.api.environments.production.count.max: must be at least min (4), got 2",
      "task-counts.yaml:20:65 services.api.environments.production.processes.worker.count.requestsPerTarget: only the web process is behind the load balancer; scale worker on cpuTarget",
    ],
  ],
  [
    "host patterns the load balancer accepts",
    "http-hosts.yaml",
    [
      "http-hosts.yaml:14:48 services.api.environments.production.http.hosts[0]: must be a host name or pattern such as api.acme.io or *.acme.io (letters, digits, '-', '_', '.' and the wildcards * and ?, with at least one '.' and only letters after the last), got \"localhost\"",
      "http-hosts.yaml:14:59 services.api.environments.production.http.hosts[1]: must be a host name or pattern such as api.acme.io or *.acme.io (letters, digits, '-', '_', '.' and the wildcards * and ?, with at least one '.' and only letters after the last), got \"api.acme.io:443\"",
      "http-hosts.yaml:14:78 services.api.environments.production.http.hosts[2]: must be a host name or pattern such as api.acme.io or *.acme.io (letters, digits, '-', '_', '.' and the wildcards * and ?, with at least one '.' and only letters after the last), got \"*.acme.*\"",
    ],
  ],
  [
    "path patterns the load balancer accepts; /* alone",
    "http-paths.yaml",
    [
      'http-paths.yaml:14:48 services.api.environments.production.http.paths[0]: must be a path pattern starting with "/" (letters, digits, _-.$/~"\'@:+& and the wildcards * and ?), got "api/*"',
      'http-paths.yaml:14:57 services.api.environments.production.http.paths[1]: must be a path pattern starting with "/" (letters, digits, _-.$/~"\'@:+& and the wildcards * and ?), got "/a b"',
      'http-paths.yaml:18:83 services.web.environments.production.http.paths[1]: "/*" matches every path, so the others (/static/*) add nothing; give it alone, or only the specific paths',
    ],
  ],
  [
    "at most five condition values per listener rule",
    "listener-rule-values.yaml",
    [
      "listener-rule-values.yaml:16:9 services.api.environments.production.http: its listener rule would have 6 condition values (3 hosts, 3 paths); a load balancer allows 5 per rule",
    ],
  ],
  [
    "a priority set by hand stays in its band",
    "listener-rule-priority-band.yaml",
    [
      "listener-rule-priority-band.yaml:14:72 services.api.environments.production.http.priority: must be between 25001 and 37499, the band of rules for exact hosts with every path (the rules of more specific conditions come first), got 100",
    ],
  ],
  [
    "two rules on one load balancer: same priority, same conditions, two catch-alls",
    "listener-rule-clash.yaml",
    [
      "listener-rule-clash.yaml:18:32 services.shop.environments.production.http: is a second catch-all (every host and path) on the load balancer of clusters.production, after services.api.environments.production.http; only one would ever match: give hosts or paths",
      "listener-rule-clash.yaml:22:32 services.orders.environments.production.http: has the same hosts and paths as services.billing.environments.production.http on the load balancer of clusters.production; only one would ever match: make them differ",
      "listener-rule-clash.yaml:34:32 services.docs.environments.production.http: its listener rule's priority 30000 on the load balancer of clusters.production is also services.blog.environments.production.http's; set http.priority on one of them (25001 to 37499, the band of exact hosts with every path)",
    ],
  ],
  [
    "a rule an earlier one hides entirely",
    "listener-rule-shadowing.yaml",
    [
      "listener-rule-shadowing.yaml:18:32 services.orders.environments.production.http: its listener rule (priority 18159) can never match: services.api.environments.production.http (priority 12501, evaluated first on the load balancer of clusters.production) matches every request it would; make the conditions differ, or set http.priority on both so this one comes first",
    ],
  ],
  [
    "at most 100 rules on one load balancer",
    "listener-rule-quota.yaml",
    [
      "listener-rule-quota.yaml:5:3 clusters.production: its load balancer would have 101 listener rules (one per ECS environment with http in clusters.production); an Application Load Balancer allows 100: move some environments to another cluster",
    ],
  ],
  [
    "a Beanstalk environment runs one container",
    "beanstalk-single-process.yaml",
    [
      "beanstalk-single-process.yaml:14:14 services.api.processes.web.command: a Beanstalk environment runs the image's own command and stop timeout, so this would not apply in staging; give staging kind: ecs, or set it in the image",
      "beanstalk-single-process.yaml:15:7 services.api.processes.sidekiq: a Beanstalk environment runs one container, the web process, so sidekiq would not run in staging; give staging kind: ecs (each process an ECS service), or remove it",
    ],
  ],
  [
    "ECS names are checked by the one loop (an execution role too long)",
    "derived-name-limits.ecs.yaml",
    [
      'derived-name-limits.ecs.yaml:14:7 services.payments-gateway-service.environments.production-eu-west-1-blue: derived IAM role name "acme-payments-gateway-service-production-eu-west-1-blue-execution" is 65 characters; AWS allows 1 to 64',
    ],
  ],
  [
    "ECS names must differ too (an environment's roles, security group, and each process's service, family and log group)",
    "derived-name-clash.ecs.yaml",
    [
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the IAM role "acme-ab-x-c-execution", which is already services.ab-x.environments.c\'s; rename one of them',
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the IAM role "acme-ab-x-c-task", which is already services.ab-x.environments.c\'s; rename one of them',
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the security group "acme-ab-x-c-tasks", which is already services.ab-x.environments.c\'s; rename one of them',
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the ECS service "ab-x-c-worker", which is already services.ab-x.environments.c\'s; rename one of them',
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the task definition family "acme-ab-x-c-worker", which is already services.ab-x.environments.c\'s; rename one of them',
      'derived-name-clash.ecs.yaml:26:7 services.ab.environments.x-c: derives the log group "/ecs/acme-ab-x-c-worker", which is already services.ab-x.environments.c\'s; rename one of them',
    ],
  ],
  [
    "a rolling deployment has room to start or stop a task",
    "deployment-room.yaml",
    [
      "deployment-room.yaml:19:9 services.api.environments.production.deployment: with 3 tasks of web, a deployment could neither start a task (maxPercent 100 allows 3 running) nor stop one (minHealthyPercent 100 keeps 3); raise maxPercent or lower minHealthyPercent",
      "deployment-room.yaml:27:9 services.jobs.environments.production.deployment: with 1 task of worker, a deployment could neither start a task (maxPercent 150 allows 1 running) nor stop one (minHealthyPercent 50 keeps 1); raise maxPercent or lower minHealthyPercent",
    ],
  ],
  [
    "an ECS smoke test requests a URL and path its own listener rule matches",
    "smoke-test-route.yaml",
    [
      "smoke-test-route.yaml:17:31 services.orders.environments.production.smokeTest.enabled: the smoke test would not reach this environment: its listener rule matches only the paths /api/orders, /api/orders/*, not /health (another service's rule or the load balancer's default answers that); set smokeTest.path to a path the rule matches, or set enabled: false",
      "smoke-test-route.yaml:24:31 services.tenants.environments.production.smokeTest.enabled: the smoke test would not reach this environment: its http.hosts are all wildcards (*.acme.io), so it is requested at the load balancer's DNS name, which its rule's host condition does not match; add an exact host to http.hosts, or set enabled: false",
    ],
  ],
  [
    "a cluster's HTTPS listener takes one of AWS's TLS 1.3 policies (a typo, or none without TLS 1.3, refused)",
    "ecs-ssl-policy.yaml",
    [
      `ecs-ssl-policy.yaml:13:18 clusters.production.https.sslPolicy: must be one of ${TLS13_POLICIES.join(", ")}, got "ELBSecurityPolicy-TLS13-1-2-2021-6" (did you mean ELBSecurityPolicy-TLS13-1-2-2021-06?)`,
      `ecs-ssl-policy.yaml:22:18 clusters.staging.https.sslPolicy: must be one of ${TLS13_POLICIES.join(", ")}, got "ELBSecurityPolicy-2016-08"`,
    ],
  ],
];
