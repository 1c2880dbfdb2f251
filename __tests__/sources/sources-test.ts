/**
 * Source kinds on plain objects: the schema's exactly-one-of list comes from the registry, and each
 * kind carries its action, trigger and grants together.
 */
import { readdirSync } from "fs";
import * as path from "path";
import type { Source } from "../../config/catalogue";
import { CATALOGUE_SCHEMA } from "../../config/schema";
import type { ObjectSchema } from "../../config/schema-types";
import { pipelineRoleStatements } from "../../plan/pipeline-policy";
import { baseImageSource } from "../../sources/base-image";
import {
  SOURCE_KINDS,
  sourceConnection,
  sourceConnectionArn,
  sourceKindFor,
  sourceKindOf,
} from "../../sources/registry";

const CTX = {
  partition: "aws",
  region: "eu-west-1",
  accountId: "111122223333",
  connectionArn:
    "arn:aws:codeconnections:eu-west-1:111122223333:connection/abc",
};

function sourceSchema(): ObjectSchema {
  const services = (CATALOGUE_SCHEMA as ObjectSchema).properties.services;
  if (services.type !== "map" || services.values.type !== "object")
    throw new Error("services is a map of objects");
  return services.values.properties.source as ObjectSchema;
}

test("the source's exactly-one-of list is the registry's keys", () => {
  expect(SOURCE_KINDS.map((k) => k.key)).toEqual([
    "connection",
    "codecommit",
    "s3",
  ]);
  expect(sourceSchema().exactlyOne).toEqual(SOURCE_KINDS.map((k) => k.key));
  expect(sourceSchema().description).toBe(
    "Where the code comes from: exactly one of connection (with repository, branch), codecommit or s3.",
  );
});

test("every folder under sources/ is a registered kind under its key, but the base image (a second source)", () => {
  const folders = readdirSync(path.join(__dirname, "../../sources"), {
    withFileTypes: true,
  })
    .filter((entry) => entry.isDirectory() && entry.name !== "base-image")
    .map((entry) => entry.name)
    .sort();
  expect(SOURCE_KINDS.map((k) => k.key).sort()).toEqual(folders);
  // A kind's key is its loaded source's kind: the registry, typed over SourceKinds
  // (sources/kinds.ts), refuses a kind under another's key at compile time.
  expect(SOURCE_KINDS.map((k) => k.kind)).toEqual(
    SOURCE_KINDS.map((k) => k.key),
  );
});

test.each<[Record<string, unknown>, Source]>([
  [
    { connection: "github", repository: "acme/api" },
    {
      kind: "connection",
      connection: "github",
      repository: "acme/api",
      branch: "main",
    },
  ],
  [
    { codecommit: { repository: "api", branch: "dev" } },
    { kind: "codecommit", repository: "api", branch: "dev" },
  ],
  [
    { s3: { bucket: "drops", key: "api.zip" } },
    { kind: "s3", bucket: "drops", key: "api.zip" },
  ],
])("%j normalizes by its key", (value, expected) => {
  expect(sourceKindFor(value).normalize(value)).toEqual(expected);
});

test("a connection needs no trigger; CodeCommit and S3 start the pipeline through EventBridge", () => {
  const codecommit: Source = {
    kind: "codecommit",
    repository: "api",
    branch: "main",
  };
  expect(sourceKindOf(codecommit).trigger?.(codecommit, CTX)).toMatchObject({
    resources: ["arn:aws:codecommit:eu-west-1:111122223333:api"],
    detail: { referenceName: ["main"] },
  });
  const connection: Source = {
    kind: "connection",
    connection: "github",
    repository: "acme/api",
    branch: "main",
  };
  expect(sourceKindOf(connection).trigger).toBeUndefined();
});

test.each<[Source, string | undefined]>([
  [
    {
      kind: "connection",
      connection: "github",
      repository: "acme/api",
      branch: "main",
    },
    "github",
  ],
  [{ kind: "codecommit", repository: "api", branch: "main" }, undefined],
  [{ kind: "s3", bucket: "drops", key: "api.zip" }, undefined],
])("%j is fetched through connection %s", (source, connection) => {
  expect(sourceConnection(source)).toBe(connection);
  expect(sourceConnectionArn(source, (name) => `arn-of-${name}`)).toEqual(
    connection === undefined ? {} : { connectionArn: `arn-of-${connection}` },
  );
});

test("a legacy codestar-connections ARN gets the codestar-connections action", () => {
  const connection: Source = {
    kind: "connection",
    connection: "github",
    repository: "acme/api",
    branch: "main",
  };
  const legacy =
    "arn:aws:codestar-connections:eu-west-1:111122223333:connection/abc";
  expect(
    sourceKindOf(connection).statements(connection, {
      ...CTX,
      connectionArn: legacy,
    }),
  ).toEqual([
    {
      sid: "UseSourceConnection",
      actions: ["codestar-connections:UseConnection"],
      resources: [legacy],
    },
  ]);
});

test("the pipeline role gets the grants of its source and base image, and no other's", () => {
  const s3: Source = { kind: "s3", bucket: "drops", key: "api.zip" };
  const statements = pipelineRoleStatements({
    ...CTX,
    source: s3,
    baseImage: {
      name: "acme/base",
      arn: "arn:aws:ecr:eu-west-1:111122223333:repository/acme/base",
      url: "",
    },
    buildProject: { name: "acme-api", arn: "project-arn" },
    artifactBucket: { name: "b", arn: "arn:aws:s3:::b" },
    artifactFolder: "acme-api",
    kmsKeyArn: "key-arn",
  });
  const sids = statements.map((s) => s.sid);
  expect(sids).toContain("ReadSourceObject");
  expect(sids).toContain("ReadBaseImage");
  expect(sids).not.toContain("ReadSourceRepository");
  expect(sids).not.toContain("UseSourceConnection");
  expect(baseImageSource.action({ name: "acme/base" })).toEqual({
    provider: "ECR",
    configuration: { RepositoryName: "acme/base", ImageTag: "latest" },
  });
});

test("each kind says what its Source action fetches (the pipeline picture)", () => {
  const sources: Source[] = [
    {
      kind: "connection",
      connection: "github",
      repository: "acme/orders",
      branch: "main",
    },
    { kind: "codecommit", repository: "orders", branch: "release" },
    { kind: "s3", bucket: "acme-drops", key: "orders/source.zip" },
  ];
  expect(sources.map((s) => sourceKindOf(s).describeAction(s))).toEqual([
    "acme/orders@main via connection github",
    "CodeCommit orders@release",
    "s3://acme-drops/orders/source.zip",
  ]);
  expect(baseImageSource.describeAction("acme/ruby")).toBe(
    "ECR acme/ruby:latest",
  );
});
