import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "cdktf.out/",
      "dist/",
      "coverage/",
      "bench-results/",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    // No type assertions in the catalogue, plan, targets and sources: a value of unknown type
    // is narrowed by a guard (config/merge.ts isString..., a schema's conforms), so the
    // compiler checks what a cast would only claim. `as const` is allowed.
    files: [
      "config/**/*.ts",
      "plan/**/*.ts",
      "targets/**/*.ts",
      "sources/**/*.ts",
      "main.ts",
    ],
    rules: {
      "@typescript-eslint/consistent-type-assertions": [
        "error",
        { assertionStyle: "never" },
      ],
    },
  },
);
