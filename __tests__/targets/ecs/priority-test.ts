/** Listener-rule priorities: a pure function of one service's keys, ordered by specificity. */
import {
  BUCKET_SIZE,
  listenerRulePriority,
  pathDepth,
  PRIORITY_BANDS,
  priorityBand,
} from "../../../targets/ecs/priority";
import type { EcsHttp } from "../../../targets/ecs/types";

const http = (
  hosts: string[],
  paths: string[],
  priority?: number,
): EcsHttp => ({
  hosts,
  paths,
  healthCheckPath: "/",
  deregistrationDelaySeconds: 30,
  healthCheckGracePeriodSeconds: 60,
  ...(priority !== undefined && { priority }),
});
const priority = (service: string, h: EcsHttp) =>
  listenerRulePriority(service, "production", "web", h);

test("the depth of a path's literal prefix", () => {
  expect(pathDepth("/*")).toBe(0);
  expect(pathDepth("/api*")).toBe(0);
  expect(pathDepth("/api/*")).toBe(1);
  expect(pathDepth("/api/ord*")).toBe(1);
  expect(pathDepth("/api/orders/*")).toBe(2);
  expect(pathDepth("/api/?rders")).toBe(1);
  expect(pathDepth("/health")).toBe(1);
  expect(pathDepth("/")).toBe(0);
});

test("each shape of conditions has its band", () => {
  expect(priorityBand(http(["a.acme.io"], ["/api/*"]))).toBe(
    PRIORITY_BANDS.hostAndPath,
  );
  expect(priorityBand(http([], ["/api/*"]))).toBe(PRIORITY_BANDS.path);
  expect(priorityBand(http(["a.acme.io"], ["/*"]))).toBe(
    PRIORITY_BANDS.exactHost,
  );
  expect(priorityBand(http(["a.acme.io", "*.acme.io"], ["/*"]))).toBe(
    PRIORITY_BANDS.wildcardHost,
  );
  expect(priorityBand(http([], ["/*"]))).toBe(PRIORITY_BANDS.catchAll);
  // `/*` among other paths matches every path.
  expect(priorityBand(http([], ["/api/*", "/*"]))).toBe(
    PRIORITY_BANDS.catchAll,
  );
});

test("the worked example: a specific path of one service always precedes another's catch-all host rule", () => {
  const rails = priority("rails-app", http(["rails.acme.io"], ["/*"]));
  const billing = priority("billing-api", http([], ["/api/orders/*"]));
  expect(rails).toBeGreaterThanOrEqual(25001);
  expect(rails).toBeLessThanOrEqual(37499);
  // Band B, depth 2: the third of five buckets.
  const bucket = PRIORITY_BANDS.path.min + 2 * BUCKET_SIZE;
  expect(BUCKET_SIZE).toBe(2500);
  expect(billing).toBeGreaterThanOrEqual(bucket);
  expect(billing).toBeLessThan(bucket + BUCKET_SIZE);
  expect(billing).toBeLessThan(rails);
});

test("pinned values: a pure function of service, environment and process", () => {
  const h = http(["rails.acme.io"], ["/*"]);
  expect(priority("rails-app", h)).toBe(priority("rails-app", h));
  expect([
    priority("rails-app", h),
    priority("billing-api", http([], ["/api/orders/*"])),
    priority("billing-api", http([], ["/*"])),
    listenerRulePriority("rails-app", "staging", "web", h),
    priority("billing-api", http([], ["/api/orders/list"])),
  ]).toEqual([28496, 19270, 50000, 27055, 16770]);
});

test("over many services: deeper paths always come first, whatever the hash", () => {
  for (let i = 0; i < 200; i++) {
    const service = `service-${i}`;
    const deep = priority(service, http([], ["/a/b/c/*"]));
    const shallow = priority(`other-${i}`, http([], ["/a/*"]));
    const exact = priority(`exact-${i}`, http([], ["/a/b"]));
    const deepest = priority(`deepest-${i}`, http([], ["/a/b/c/d/e/*"]));
    const hostPath = priority(`hp-${i}`, http(["x.acme.io"], ["/*"]));
    const withHost = priority(`wh-${i}`, http(["x.acme.io"], ["/a/*"]));
    const wildHost = priority(`wild-${i}`, http(["*.acme.io"], ["/*"]));
    expect(deepest).toBeLessThan(deep);
    expect(deep).toBeLessThan(exact);
    expect(exact).toBeLessThan(shallow);
    expect(withHost).toBeLessThan(shallow);
    expect(shallow).toBeLessThan(hostPath);
    expect(hostPath).toBeLessThan(wildHost);
    expect(wildHost).toBeLessThan(50000);
    for (const p of [deepest, deep, shallow, exact, hostPath, withHost]) {
      expect(Number.isInteger(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(1);
      expect(p).toBeLessThanOrEqual(50000);
    }
  }
});

test("the rule's least specific path decides its bucket; catalogue order does not matter", () => {
  const a = priority("orders", http([], ["/api/orders/*", "/api/*"]));
  const b = priority("orders", http([], ["/api/*", "/api/orders/*"]));
  expect(a).toBe(b);
  expect(a).toBe(priority("orders", http([], ["/api/*"])));
});

test("a catch-all is 50000; http.priority is used as given", () => {
  expect(priority("a", http([], ["/*"]))).toBe(50000);
  expect(priority("a", http([], ["/*"], 49000))).toBe(49000);
  expect(priority("a", http(["a.acme.io"], ["/*"], 30000))).toBe(30000);
});
