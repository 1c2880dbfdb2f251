/**
 * imagedefinitions.json, one file per process: what the ECS deploy action reads (container name
 * and image; AWS documents no other key, so each file names exactly one container, named after
 * its process), written by the service's build and read back by its Mark and Record steps.
 * https://docs.aws.amazon.com/codepipeline/latest/userguide/file-reference.html#pipelines-create-image-definitions
 */
import type { BuildArtifact } from "../../plan/buildspec";

export function imageDefinitionsFile(process: string): string {
  return `imagedefinitions-${process}.json`;
}

/** The files of these processes (sorted by name); all name the image just pushed. */
export function imageDefinitions(processes: readonly string[]): BuildArtifact {
  const sorted = [...processes].sort();
  const files = sorted.map(imageDefinitionsFile);
  return {
    files,
    write: sorted.map(
      (p) =>
        `printf '[{"name":"%s","imageUri":"%s"}]\\n' "${p}" "$REPOSITORY_URL:$IMAGE_TAG" > ${imageDefinitionsFile(p)}`,
    ),
    readImage: `if [ -z "$IMAGE" ] && [ -f ${files[0]} ]; then IMAGE="$(jq -r '.[0].imageUri // empty' ${files[0]})"; fi`,
  };
}
