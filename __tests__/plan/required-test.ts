/** required (plan/required.ts): what an earlier stage guarantees, checked. */
import { required } from "../../plan/required";

test("a present value is returned as it is, falsy ones included", () => {
  expect(required("", "name")).toBe("");
  expect(required(0, "count")).toBe(0);
});

test("a missing one is an error that names what is missing", () => {
  expect(() => required(undefined, "cluster production")).toThrow(
    "internal error: no cluster production",
  );
});
