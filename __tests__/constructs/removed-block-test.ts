/**
 * RemovedBlock in cdktf's Testing.synthScope: it needs no DeliveryStack, only a stack to merge
 * its JSON into.
 */
import {
  REMOVED_BLOCK_TERRAFORM,
  RemovedBlock,
} from "../../constructs/removed-block";
import { synthScopeJson } from "../support/builders";

test("one block: a removed entry that keeps the resource, and Terraform >= 1.7", () => {
  const json = synthScopeJson((scope) => {
    new RemovedBlock(scope, "old", { from: "aws_ecr_repository.old" });
  });
  expect(json.removed).toEqual([
    { from: "aws_ecr_repository.old", lifecycle: { destroy: false } },
  ]);
  expect(json.terraform.required_version).toBe(">= 1.7");
  expect(REMOVED_BLOCK_TERRAFORM).toBe(">= 1.7");
});

test("several blocks are merged into one list, in construction order", () => {
  const json = synthScopeJson((scope) => {
    new RemovedBlock(scope, "b", { from: "aws_iam_role.b" });
    new RemovedBlock(scope, "a", { from: "aws_ecr_repository.a" });
  });
  expect(json.removed.map((r: { from: string }) => r.from)).toEqual([
    "aws_iam_role.b",
    "aws_ecr_repository.a",
  ]);
});

test("no block, no removed list and no required_version", () => {
  const json = synthScopeJson(() => undefined);
  expect(json.removed).toBeUndefined();
  expect(json.terraform?.required_version).toBeUndefined();
});

test("its HCL", () => {
  let block: RemovedBlock | undefined;
  synthScopeJson((scope) => {
    block = new RemovedBlock(scope, "old", { from: "aws_iam_role.old" });
  });
  expect(block!.hcl()).toBe(
    "removed {\n  from = aws_iam_role.old\n  lifecycle {\n    destroy = false\n  }\n}\n",
  );
});
