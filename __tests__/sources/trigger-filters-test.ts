/**
 * Trigger filters of connection sources (issue 10 §2): the catalogue's `source.trigger` becomes
 * the V2 pipeline's push filters, in AWS's valid combinations, and turns the Source action's own
 * change detection off; without it nothing changes.
 */
import { load, resource, synthStacks } from "../support/synth";

const catalogue = (trigger: string) => `
version: 1
organisation: acme
region: eu-west-1
connections:
  github: { provider: GitHub }
services:
  api:
    source:
      connection: github
      repository: acme/mono
      branch: trunk
${trigger}
`;

function pipeline(trigger: string) {
  const stacks = synthStacks(load(catalogue(trigger)));
  return resource(stacks["acme-api"], "aws_codepipeline", "pipeline_pipeline");
}

const sourceAction = (p: { stage: { action: { name: string }[] }[] }) =>
  p.stage[0].action.find((a) => a.name === "Source") as unknown as {
    configuration: Record<string, string>;
  };

test("branches and paths are one push filter on the Source action, which no longer detects every change", () => {
  const p = pipeline(`      trigger:
        branches: { include: [main, "release/*"], exclude: [release/old] }
        paths: { include: ["services/api/**"], exclude: ["**/*.md"] }`);
  expect(p.trigger).toEqual([
    {
      provider_type: "CodeStarSourceConnection",
      git_configuration: {
        source_action_name: "Source",
        push: [
          {
            branches: {
              includes: ["main", "release/*"],
              excludes: ["release/old"],
            },
            file_paths: {
              includes: ["services/api/**"],
              excludes: ["**/*.md"],
            },
          },
        ],
      },
    },
  ]);
  expect(sourceAction(p).configuration.DetectChanges).toBe("false");
  // A manual start still builds the branch.
  expect(sourceAction(p).configuration.BranchName).toBe("trunk");
});

test("paths alone filter pushes to the source's branch (AWS has no paths-only push filter)", () => {
  const p = pipeline(`      trigger:
        paths: { include: ["services/api/**"] }`);
  expect(p.trigger[0].git_configuration.push).toEqual([
    {
      branches: { includes: ["trunk"] },
      file_paths: { includes: ["services/api/**"] },
    },
  ]);
});

test("tags are a push filter of their own beside branches (AWS refuses tags with branches in one)", () => {
  const p = pipeline(`      trigger:
        branches: { include: [main] }
        tags: { include: ["v*"], exclude: ["v0.*"] }`);
  expect(p.trigger[0].git_configuration.push).toEqual([
    { branches: { includes: ["main"] } },
    { tags: { includes: ["v*"], excludes: ["v0.*"] } },
  ]);
});

test("without trigger filters there is no trigger block and the action detects changes", () => {
  const p = pipeline("");
  expect(p.trigger).toBeUndefined();
  expect(sourceAction(p).configuration.DetectChanges).toBe("true");
});
