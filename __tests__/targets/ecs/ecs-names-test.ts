/** The ECS target's physical names, on plain objects. */
import { checkRule, Names } from "../../../plan/names";
import {
  ECS_NAME_RULES,
  EcsNames,
  shortened,
} from "../../../targets/ecs/names";

const ecs = new EcsNames(new Names("acme"));

test("every name of one service's environment and process", () => {
  expect(ecs.cluster("production")).toBe("acme-production");
  expect(ecs.loadBalancer("production")).toBe("acme-production");
  expect(ecs.loadBalancerSecurityGroup("production")).toBe(
    "acme-production-alb",
  );
  expect(ecs.targetGroup("rails-app", "production", 8080)).toBe(
    "acme-rails-app-production-8080",
  );
  expect(ecs.service("rails-app", "production", "sidekiq")).toBe(
    "rails-app-production-sidekiq",
  );
  expect(ecs.taskFamily("rails-app", "production", "sidekiq")).toBe(
    "acme-rails-app-production-sidekiq",
  );
  expect(ecs.logGroup("rails-app", "production", "sidekiq")).toBe(
    "/ecs/acme-rails-app-production-sidekiq",
  );
  expect(ecs.executionRole("rails-app", "production")).toBe(
    "acme-rails-app-production-execution",
  );
  expect(ecs.taskRole("rails-app", "production")).toBe(
    "acme-rails-app-production-task",
  );
  expect(ecs.taskSecurityGroup("rails-app", "production")).toBe(
    "acme-rails-app-production-tasks",
  );
  expect(ecs.imageParameter("rails-app", "production")).toBe(
    "/acme/rails-app/production/image",
  );
});

test("a target group name longer than 32 characters is shortened with a hash of all of it", () => {
  const long = new EcsNames(new Names("acme-platform"));
  const name = long.targetGroup("billing-api", "production", 65535);
  // "acme-platform-billing-api-production" is 36 characters: its stem is its first 19
  // characters, "-", and the first 6 hex digits of its sha256 (26: room for "-" and 5 digits).
  expect(name).toBe("acme-platform-billi-91d7c0-65535");
  expect(checkRule(ECS_NAME_RULES.targetGroup, name)).toBeUndefined();
  // Deterministic, and names that differ only past the cut stay different.
  expect(long.targetGroup("billing-api", "production", 65535)).toBe(name);
  expect(long.targetGroup("billing-api", "productioN", 65535)).not.toBe(name);
  expect(long.targetGroup("billing-api", "production-eu", 65535)).not.toBe(
    name,
  );
});

test("a new port is a new target group name (AWS fixes the port at creation)", () => {
  expect(ecs.targetGroup("rails-app", "production", 3000)).toBe(
    "acme-rails-app-production-3000",
  );
  expect(ecs.targetGroupStem("rails-app", "production")).toBe(
    "acme-rails-app-production",
  );
});

test("shortened: the start never ends in '-' before the hash; short names are kept", () => {
  expect(shortened("abc", 32)).toBe("abc");
  expect(shortened("x".repeat(32), 32)).toBe("x".repeat(32));
  // The cut falls right after a '-': it is dropped, not doubled.
  const name = shortened(`${"a".repeat(24)}-${"b".repeat(10)}`, 32);
  expect(name).toMatch(/^a{24}-[0-9a-f]{6}$/);
  expect(shortened("x".repeat(33), 32)).toHaveLength(32);
});

test("a load balancer name is shortened to 32 and may not start with internal-", () => {
  const name = ecs.loadBalancer("a-very-long-cluster-name-for-eu");
  // "acme-a-very-long-cluster-" loses its '-' before the hash.
  expect(name).toMatch(/^acme-a-very-long-cluster-[0-9a-f]{6}$/);
  expect(checkRule(ECS_NAME_RULES.loadBalancer, name)).toBeUndefined();
  expect(
    checkRule(
      ECS_NAME_RULES.loadBalancer,
      new EcsNames(new Names("internal")).loadBalancer("prod"),
    ),
  ).toBe(
    `derived load balancer name "internal-prod" is not allowed by AWS: use letters, digits and '-', not starting or ending with '-', and not starting with 'internal-'`,
  );
  expect(checkRule(ECS_NAME_RULES.loadBalancer, "internals-prod")).toBe(
    undefined,
  );
});

test("the naming rules AWS documents", () => {
  expect(checkRule(ECS_NAME_RULES.targetGroup, "-acme")).toMatch(
    /not starting or ending with '-'/,
  );
  expect(checkRule(ECS_NAME_RULES.targetGroup, "x".repeat(33))).toBe(
    `derived target group name "${"x".repeat(33)}" is 33 characters; AWS allows 1 to 32`,
  );
  expect(checkRule(ECS_NAME_RULES.service, "a.b")).toMatch(/not allowed/);
  expect(checkRule(ECS_NAME_RULES.securityGroup, "sg-web")).toMatch(
    /not starting with 'sg-'/,
  );
  expect(
    checkRule(ECS_NAME_RULES.ssmParameter, "/acme/rails-app/production/image"),
  ).toBeUndefined();
  expect(
    checkRule(
      ECS_NAME_RULES.ssmParameter,
      `/${Array.from({ length: 16 }, () => "a").join("/")}`,
    ),
  ).toMatch(/at most 15/);
});
