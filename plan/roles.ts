/** A role of the plan, with everything its inline policies allow. */
import type { Path } from "../config/yaml-path";
import type { Statement } from "./iam";

/** An IAM role and everything its inline policies allow. */
export interface RolePlan {
  readonly name: string;
  /** What the role is for, in messages ("its build role's policy"). */
  readonly purpose:
    | "build"
    | "pipeline"
    | "instance"
    | "mark"
    | "tests"
    | "smoke"
    | "execution"
    | "task"
    | "docker builder";
  /** The catalogue entry it belongs to. */
  readonly path: Path;
  readonly statements: readonly Statement[];
}
