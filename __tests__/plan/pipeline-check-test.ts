/**
 * CodePipeline's structure rules on plain pipelines (plan/pipeline-check.ts): no YAML, no cdktf.
 * The catalogue rule pipeline-structure reports them (catalogue-errors-test.ts).
 */
import { CheckedPipeline, pipelineProblems } from "../../plan/pipeline-check";
import type { ActionPlan, StagePlan } from "../../plan/pipeline-stages";
import { deployTarget } from "../../targets/registry";

const source: ActionPlan = {
  name: "Source",
  category: "Source",
  owner: "AWS",
  provider: "CodeCommit",
  version: "1",
  outputArtifacts: ["Source"],
  configuration: { RepositoryName: "api", BranchName: "main" },
};
const build: ActionPlan = {
  name: "Build",
  category: "Build",
  owner: "AWS",
  provider: "CodeBuild",
  version: "1",
  inputArtifacts: ["Source"],
  outputArtifacts: ["Image"],
  configuration: { ProjectName: "acme-api" },
};
const deploy = (name: string, runOrder = 2): ActionPlan => ({
  name,
  category: "Deploy",
  owner: "AWS",
  provider: "ECS",
  version: "1",
  runOrder,
  inputArtifacts: ["Image"],
  configuration: { ClusterName: "production", ServiceName: name },
});

const PATH = ["services", "api"];
const ENV_PATH = ["services", "api", "environments", "production"];

function pipeline(
  stages: StagePlan[],
  more: Partial<CheckedPipeline> = {},
): CheckedPipeline {
  return {
    name: "acme-api",
    path: PATH,
    stages,
    stagePaths: { "Deploy-production": ENV_PATH },
    triggers: [],
    ...more,
  };
}

const base = (...deployStages: StagePlan[]) =>
  pipeline([
    { name: "Source", action: [source] },
    { name: "Build", action: [build] },
    ...deployStages,
  ]);

const messages = (p: CheckedPipeline) =>
  pipelineProblems([p]).map(
    ({ path, message }) => `${path.join(".")}: ${message}`,
  );

describe("pipelineProblems", () => {
  test("a pipeline CodePipeline accepts has none: exactly 50 actions in a stage", () => {
    const actions = Array.from({ length: 50 }, (_, i) =>
      deploy(`Deploy-p${i}`),
    );
    expect(
      messages(base({ name: "Deploy-production", action: actions })),
    ).toEqual([]);
  });

  test("51 actions in a stage: reported at the environment, with what to do", () => {
    const actions = Array.from({ length: 51 }, (_, i) =>
      deploy(`Deploy-p${i}`),
    );
    expect(
      messages(base({ name: "Deploy-production", action: actions })),
    ).toEqual([
      `services.api.environments.production: its pipeline's stage "Deploy-production" would have 51 actions (51 Deploy-*); CodePipeline allows 50 in a stage: each of the service's processes is deployed by an action of its own, so run 1 fewer process, or split the service`,
    ]);
  });

  test("51 stages, and over 500 actions in the pipeline: reported at the service", () => {
    const stages = Array.from({ length: 49 }, (_, i) => ({
      name: `Deploy-e${i}`,
      action: Array.from({ length: 11 }, (_, j) => deploy(`Deploy-p${j}`)),
    }));
    const problems = messages(base(...stages));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^services\.api: its pipeline would have 51 stages \(Source, Build, Deploy-e0, .*, Deploy-e48\); CodePipeline allows 50: deploy it to 1 fewer environment \(or leave out its tests\), or split it into services$/,
    );
    expect(problems[1]).toBe(
      "services.api: its pipeline would have 541 actions; CodePipeline allows 500 in a pipeline: deploy it to fewer environments or run fewer processes, or split it into services",
    );
  });

  test("a stage name over 100 characters: shorten the environment's name", () => {
    const name = `Deploy-${"e".repeat(94)}`;
    expect(
      messages(
        pipeline(
          [
            { name: "Source", action: [source] },
            { name: "Build", action: [build] },
            { name, action: [deploy("Deploy-web")] },
          ],
          { stagePaths: { [name]: ENV_PATH } },
        ),
      ),
    ).toEqual([
      `services.api.environments.production: its pipeline's stage "${name}": the name is 101 characters; CodePipeline allows 100 letters, digits and .@-_ in a stage name: shorten the environment's name`,
    ]);
  });

  test("names unique: stages in the pipeline, actions in a stage, output artifacts in the pipeline", () => {
    expect(
      messages(
        pipeline([
          { name: "Source", action: [source] },
          { name: "Build", action: [build, { ...build, name: "Build" }] },
          { name: "Build", action: [deploy("Deploy-web")] },
        ]),
      ),
    ).toEqual([
      'services.api: its pipeline would have two stages named "Build"; CodePipeline needs unique stage names',
      'services.api: its pipeline would have two actions writing the artifact "Image"; CodePipeline needs output artifact names unique in a pipeline',
      `services.api: its pipeline's stage "Build" would have two actions named "Build"; CodePipeline needs unique action names in a stage`,
    ]);
  });

  test("an artifact is read only after the action writing it: not beside it, not before it", () => {
    expect(
      messages(
        pipeline([
          { name: "Source", action: [source] },
          {
            name: "Build",
            action: [build, { ...deploy("Early"), runOrder: 1 }],
          },
        ]),
      ),
    ).toEqual([
      `services.api: its pipeline's stage "Build", action "Early": reads the artifact "Image", which no earlier action writes`,
    ]);
  });

  test("run orders 1 to 999, source actions in the first stage only, artifact counts by provider", () => {
    expect(
      messages(
        pipeline([
          { name: "Source", action: [source, { ...build, runOrder: 0 }] },
          {
            name: "Build",
            action: [
              {
                ...source,
                name: "Late",
                runOrder: 1000,
                outputArtifacts: ["Late"],
              },
              { ...deploy("Deploy-web"), inputArtifacts: ["Source", "Image"] },
            ],
          },
        ]),
      ),
    ).toEqual([
      `services.api: its pipeline's stage "Source" is the first: CodePipeline allows source actions only there`,
      `services.api: its pipeline's stage "Source", action "Build": run order 0; CodePipeline allows 1 to 999`,
      // Beside the Source action (run order 1 after 0 here), so before what it writes.
      `services.api: its pipeline's stage "Source", action "Build": reads the artifact "Source", which no earlier action writes`,
      `services.api: its pipeline's stage "Build" has a source action: CodePipeline allows them in the first stage only`,
      `services.api: its pipeline's stage "Build", action "Deploy-web": 2 input artifacts; a Deploy action of ECS takes 1`,
      `services.api: its pipeline's stage "Build", action "Late": run order 1000; CodePipeline allows 1 to 999`,
    ]);
  });

  test("a deploy target's declared artifact counts are what its deploy actions are checked against", () => {
    const ecs = deployTarget("ecs");
    const twoInputs = base({
      name: "Deploy-production",
      action: [
        { ...deploy("Deploy-web"), inputArtifacts: ["Source", "Image"] },
      ],
    });
    const refused = `services.api.environments.production: its pipeline's stage "Deploy-production", action "Deploy-web": 2 input artifacts; a Deploy action of ECS takes 1`;
    expect(messages(twoInputs)).toEqual([refused]);
    // The target declares the limits (nothing in the check names ECS): changed there, they apply.
    const declared = jest.replaceProperty(ecs, "actionArtifacts", [
      { category: "Deploy", provider: "ECS", inputs: [1, 2], outputs: [0, 0] },
    ]);
    try {
      expect(messages(twoInputs)).toEqual([]);
    } finally {
      declared.restore();
    }
    expect(messages(twoInputs)).toEqual([refused]);
  });

  test("configuration values of 1 to 1000 characters; a trigger names a source action", () => {
    expect(
      messages(
        pipeline(
          [
            { name: "Source", action: [source] },
            {
              name: "Build",
              action: [
                {
                  ...build,
                  configuration: {
                    ProjectName: "",
                    EnvironmentVariables: "x".repeat(1001),
                  },
                },
              ],
            },
          ],
          { triggers: [{ gitConfiguration: { sourceActionName: "Code" } }] },
        ),
      ),
    ).toEqual([
      `services.api: its pipeline's stage "Build", action "Build": its ProjectName would be 0 characters; CodePipeline allows 1 to 1000 in a configuration value: shorten the names or paths it is made of`,
      `services.api: its pipeline's stage "Build", action "Build": its EnvironmentVariables would be 1001 characters; CodePipeline allows 1 to 1000 in a configuration value: shorten the names or paths it is made of`,
      `services.api: its pipeline's trigger names the source action "Code", which its first stage does not have`,
    ]);
  });
});
