import { PIPELINE_ARTIFACT_FOLDER_LENGTH } from "../../constructs/private/names";
import { artifactFoldersUnique } from "../validate-rules";
import type { MergedRule } from "./rule";

/** Each pipeline's roles reach only its own artifact folder (config/validate-rules.ts). */
export const artifactFolderClash: MergedRule = {
  id: "artifact-folder-clash",
  summary: `No two pipelines share an artifact folder, which CodePipeline names after the first ${PIPELINE_ARTIFACT_FOLDER_LENGTH} characters of the pipeline's name.`,
  keys: ["services.<name>", "baseImages.<name>"],
  stage: "merged",
  check: artifactFoldersUnique,
};
