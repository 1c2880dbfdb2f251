import { artifactFolderProblems } from "../../plan/check";
import { PIPELINE_ARTIFACT_FOLDER_LENGTH } from "../../plan/names";
import { outlineNames } from "../outline";
import type { MergedRule } from "./rule";

/** Each pipeline's roles reach only its own artifact folder (the plan's folders, plan/check.ts). */
export const artifactFolderClash: MergedRule = {
  id: "artifact-folder-clash",
  summary: `No two pipelines share an artifact folder, which CodePipeline names after the first ${PIPELINE_ARTIFACT_FOLDER_LENGTH} characters of the pipeline's name.`,
  keys: ["services.<name>", "baseImages.<name>"],
  stage: "merged",
  check: (ctx) => {
    const names = ctx.once(outlineNames);
    if (names === undefined) return;
    for (const { path, message } of artifactFolderProblems(names))
      ctx.report(path, message);
  },
};
