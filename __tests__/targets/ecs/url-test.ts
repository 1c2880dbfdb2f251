/** Where an ECS environment answers: its URL, and whether its own listener rule routes a path there. */
import { readFileSync } from "fs";
import * as path from "path";
import { loadCatalogue } from "../../../config/load-catalogue";
import { entryPath, unroutedReason } from "../../../targets/ecs/url";
import { FIXTURES } from "../../support/synth";

test("a path its rule matches, at an exact host or with no host condition, reaches it", () => {
  const orders = {
    hosts: ["shop.acme.io"],
    paths: ["/api/orders", "/api/orders/*"],
  };
  expect(unroutedReason(orders, "/api/orders")).toBeUndefined();
  expect(unroutedReason(orders, "/api/orders/health?deep=1")).toBeUndefined();
  expect(
    unroutedReason({ hosts: [], paths: ["/*"] }, "/health"),
  ).toBeUndefined();
  // an exact host among wildcards is the one requested
  expect(
    unroutedReason({ hosts: ["*.acme.io", "acme.io"], paths: ["/*"] }, "/"),
  ).toBeUndefined();
});

test("a path its rule does not match, or only wildcard hosts, does not", () => {
  expect(
    unroutedReason(
      { hosts: ["shop.acme.io"], paths: ["/api/orders/*"] },
      "/health",
    ),
  ).toMatch(
    /^its listener rule matches only the paths \/api\/orders\/\*, not \/health/,
  );
  expect(
    unroutedReason({ hosts: ["*.acme.io"], paths: ["/*"] }, "/health"),
  ).toMatch(/^its http.hosts are all wildcards \(\*\.acme\.io\)/);
  // the query string is not part of what a path pattern matches
  expect(
    unroutedReason({ hosts: [], paths: ["/health"] }, "/status?path=/health"),
  ).toBeDefined();
});

test("the URL output's path: the start of the first pattern that matches it", () => {
  expect(entryPath({ paths: ["/*"] })).toBe("");
  expect(entryPath({ paths: ["/api/orders", "/api/orders/*"] })).toBe(
    "/api/orders",
  );
  expect(entryPath({ paths: ["/api/orders/*"] })).toBe("/api/orders/");
  // "/v" is not matched by "/v?/*" (one character, then "/"): the next pattern
  expect(entryPath({ paths: ["/v?/*", "/docs*"] })).toBe("/docs");
});

test("left out, a smoke test is on only where its rule routes the request", () => {
  const file = "smoke-test-route.yaml";
  const catalogue = loadCatalogue(
    readFileSync(path.join(FIXTURES, "rules-pass", file), "utf8"),
    file,
  );
  const smoke = Object.fromEntries(
    catalogue.services.map((s) => [s.name, s.environments[0].smokeTest?.path]),
  );
  expect(smoke).toEqual({
    billing: undefined,
    // retired: loaded as written, runs nothing (no pipeline)
    "old-shop": "/health",
    orders: "/api/orders/health",
    shop: "/health",
  });
});
