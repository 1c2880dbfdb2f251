/** The pure facts behind the ECS rules: glob coverage, shadowing, Fargate sizes. */
import {
  FARGATE_CPU,
  FARGATE_MEMORY,
  fargateMemoryOf,
  isFargateSize,
} from "../../../targets/ecs/fargate";
import {
  conditionsCover,
  globCovers,
  sameConditions,
} from "../../../targets/ecs/listener-rules";
import { stuckAt } from "../../../targets/ecs/rules/deployment-room";

test("a glob covers another when it matches every string the other does", () => {
  expect(globCovers("/*", "/api/orders/*")).toBe(true);
  expect(globCovers("/api/*", "/api/orders/*")).toBe(true);
  expect(globCovers("/api/orders/*", "/api/*")).toBe(false);
  expect(globCovers("/api/*", "/api")).toBe(false);
  expect(globCovers("/api*", "/api")).toBe(true);
  expect(globCovers("/v?/*", "/v2/orders")).toBe(true);
  // `?` stands for one character; `*` of the specific one may stand for none or many.
  expect(globCovers("/v?/*", "/v*/orders")).toBe(false);
  expect(globCovers("/v*/*", "/v?/orders")).toBe(true);
  expect(globCovers("*.acme.io", "api.acme.io")).toBe(true);
  expect(globCovers("*.acme.io", "*.eu.acme.io")).toBe(true);
  expect(globCovers("api.acme.io", "*.acme.io")).toBe(false);
  expect(globCovers("a", "a")).toBe(true);
});

test("a rule hides another when its hosts and paths cover the other's", () => {
  const rule = (hosts: string[], paths: string[]) => ({ hosts, paths });
  // No hosts: any host.
  expect(
    conditionsCover(rule([], ["/api/*"]), rule(["a.acme.io"], ["/api/x"])),
  ).toBe(true);
  expect(
    conditionsCover(rule(["a.acme.io"], ["/*"]), rule([], ["/api/*"])),
  ).toBe(false);
  expect(
    conditionsCover(
      rule(["*.acme.io"], ["/*"]),
      rule(["a.acme.io", "b.acme.io"], ["/x", "/y/*"]),
    ),
  ).toBe(true);
  // Every path of the later rule must be covered, not just one.
  expect(conditionsCover(rule([], ["/x"]), rule([], ["/x", "/y"]))).toBe(false);
  expect(
    sameConditions(rule(["a", "b"], ["/x"]), rule(["b", "a"], ["/x"])),
  ).toBe(true);
  expect(sameConditions(rule(["a"], ["/x"]), rule(["a"], ["/x", "/y"]))).toBe(
    false,
  );
});

test("Fargate's 74 cpu/memory pairs (Linux)", () => {
  expect(FARGATE_CPU).toEqual([256, 512, 1024, 2048, 4096, 8192, 16384]);
  expect(Object.values(FARGATE_MEMORY).flat()).toHaveLength(74);
  expect(FARGATE_MEMORY[256]).toEqual([512, 1024, 2048]);
  expect(isFargateSize(256, 1536)).toBe(false);
  expect(isFargateSize(4096, 30720)).toBe(true);
  expect(isFargateSize(8192, 20480)).toBe(true);
  expect(isFargateSize(8192, 18432)).toBe(false);
  expect(isFargateSize(16384, 122880)).toBe(true);
  expect(isFargateSize(300, 512)).toBe(false);
  expect(fargateMemoryOf(256)).toBe("512, 1024 or 2048");
  expect(fargateMemoryOf(16384)).toBe("32768 to 122880 in steps of 8192");
});

test("a rolling deployment is stuck where it can neither start nor stop a task", () => {
  // ECS's defaults (100/200) always leave room to start one.
  expect(stuckAt(1, 5000, 100, 200)).toBeUndefined();
  expect(stuckAt(1, 1, 100, 100)).toBe(1);
  // One task: 50 % healthy keeps it (rounded up), 150 % allows no second (rounded down).
  expect(stuckAt(1, 4, 50, 150)).toBe(1);
  expect(stuckAt(2, 4, 50, 150)).toBeUndefined();
  // No task: nothing to replace.
  expect(stuckAt(0, 0, 100, 100)).toBeUndefined();
});
