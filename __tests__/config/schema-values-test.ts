/**
 * The generic pieces the loader and the targets normalize with: the types a schema describes
 * (Infer, Defaulted), the type guard (conforms) and the defaults (applyDefaults). The type-level
 * assertions are checked by `tsc --noEmit` (npm test); each has a counterpart that must fail.
 */
import type {
  Defaulted,
  Infer,
  ObjectSchema,
  Schema,
} from "../../config/schema-types";
import { applyDefaults, conforms } from "../../config/schema-values";
import { CATALOGUE_SCHEMA } from "../../config/schema";
import type { BUILD_SCHEMA } from "../../config/schema-sections";

const SCHEMA = {
  type: "object",
  description: "A slice of a catalogue.",
  properties: {
    name: { type: "string", description: "Required." },
    size: {
      type: "string",
      description: "An enum with a default.",
      enum: ["small", "large"],
      default: "small",
    },
    count: {
      type: "integer",
      description: "An integer without a default.",
      minimum: 1,
      maximum: 9,
    },
    tags: {
      type: "map",
      description: "A map: empty when left out.",
      keyPattern: /^[a-z]+$/,
      keyHint: "letters",
      values: { type: "scalar", description: "A value." },
    },
    options: {
      type: "object",
      description: "No required keys: filled in when left out.",
      properties: {
        fast: { type: "boolean", description: "A flag.", default: false },
        list: {
          type: "array",
          description: "A list with a default.",
          items: { type: "string", description: "An item." },
          default: ["a"],
        },
      },
    },
    https: {
      type: "object",
      description: "A required key: left out stays left out.",
      properties: {
        arn: { type: "string", description: "Required." },
        policy: { type: "string", description: "Defaulted.", default: "tls13" },
      },
      required: ["arn"],
    },
  },
  required: ["name"],
} as const satisfies ObjectSchema;

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : false;
const assertType = <T extends true>(): T | undefined => undefined;

describe("the types a schema describes", () => {
  test("Infer: required keys present, the others optional, enums as unions", () => {
    assertType<
      Equal<
        Infer<typeof SCHEMA>,
        {
          readonly name: string;
          readonly size?: "small" | "large";
          readonly count?: number;
          readonly tags?: Readonly<Record<string, string>>;
          readonly options?: {
            readonly fast?: boolean;
            readonly list?: readonly string[];
          };
          readonly https?: { readonly arn: string; readonly policy?: string };
        }
      >
    >();
    // @ts-expect-error size is optional before defaults
    assertType<Equal<Infer<typeof SCHEMA>["size"], "small" | "large">>();
  });

  test("Defaulted: defaulted keys, maps and objects without required keys present", () => {
    assertType<
      Equal<
        Defaulted<typeof SCHEMA>,
        {
          readonly name: string;
          readonly size: "small" | "large";
          readonly count?: number;
          readonly tags: Readonly<Record<string, string>>;
          readonly options: {
            readonly fast: boolean;
            readonly list: readonly string[];
          };
          readonly https?: { readonly arn: string; readonly policy: string };
        }
      >
    >();
    // @ts-expect-error count has no default
    assertType<Equal<Defaulted<typeof SCHEMA>["count"], number>>();
    assertType<
      Equal<
        Defaulted<typeof BUILD_SCHEMA>["computeType"],
        | "BUILD_GENERAL1_SMALL"
        | "BUILD_GENERAL1_MEDIUM"
        | "BUILD_GENERAL1_LARGE"
        | "BUILD_GENERAL1_XLARGE"
        | "BUILD_GENERAL1_2XLARGE"
      >
    >();
  });
});

describe("applyDefaults", () => {
  test("fills in defaults, empty maps and objects without required keys", () => {
    expect(applyDefaults(SCHEMA, { name: "x" })).toEqual({
      name: "x",
      size: "small",
      tags: {},
      options: { fast: false, list: ["a"] },
    });
  });

  test("keeps what is written, fills in below it, and orders keys as the schema does", () => {
    const filled = applyDefaults(SCHEMA, {
      https: { arn: "arn:x" },
      tags: { b: "2", a: "1" },
      size: "large",
      name: "x",
      options: { list: [] },
    });
    expect(filled).toEqual({
      name: "x",
      size: "large",
      tags: { b: "2", a: "1" },
      options: { fast: false, list: [] },
      https: { arn: "arn:x", policy: "tls13" },
    });
    expect(Object.keys(filled)).toEqual([
      "name",
      "size",
      "tags",
      "options",
      "https",
    ]);
    // A map's entries stay in the order written (environments deploy in it).
    expect(Object.keys(filled.tags)).toEqual(["b", "a"]);
  });
});

describe("conforms", () => {
  test("accepts a value of the schema's type, keys set to undefined counting as left out", () => {
    expect(conforms(SCHEMA, { name: "x", count: undefined })).toBe(true);
    expect(
      conforms(CATALOGUE_SCHEMA, {
        version: 1,
        organisation: "a",
        region: "b",
      }),
    ).toBe(true);
  });

  test.each<[string, unknown]>([
    ["a missing required key", { size: "small" }],
    ["an unknown key", { name: "x", colour: "red" }],
    ["a value outside the enum", { name: "x", size: "medium" }],
    ["a wrong type", { name: "x", count: "3" }],
    ["a fraction for an integer", { name: "x", count: 1.5 }],
    ["a wrong type in a map", { name: "x", tags: { a: 1 } }],
    ["a wrong type in a list", { name: "x", options: { list: [1] } }],
    ["a missing required key below", { name: "x", https: { policy: "p" } }],
    ["not an object", ["x"]],
  ])("refuses %s", (_what, value) => {
    expect(conforms(SCHEMA, value)).toBe(false);
  });
});

describe("oneOf", () => {
  const COUNT = {
    type: "oneOf",
    description: "A fixed count, or a range.",
    variants: [
      {
        type: "integer",
        description: "A fixed count.",
        minimum: 1,
        maximum: 9,
      },
      {
        type: "object",
        description: "A range.",
        properties: {
          min: { type: "integer", description: "Min.", minimum: 1, maximum: 9 },
          max: {
            type: "integer",
            description: "Max.",
            minimum: 1,
            maximum: 9,
            default: 2,
          },
        },
        required: ["min"],
      },
    ],
  } as const satisfies Schema;

  test("is any of its variants, in the types and at run time", () => {
    assertType<
      Equal<
        Defaulted<typeof COUNT>,
        number | { readonly min: number; readonly max: number }
      >
    >();
    expect(conforms(COUNT, 3)).toBe(true);
    expect(conforms(COUNT, { min: 1 })).toBe(true);
    expect(conforms(COUNT, "3")).toBe(false);
    expect(conforms(COUNT, { max: 1 })).toBe(false);
  });

  test("fills in the defaults of the variant the value is", () => {
    expect(applyDefaults(COUNT, 3)).toBe(3);
    expect(applyDefaults(COUNT, { min: 1 })).toEqual({ min: 1, max: 2 });
  });
});
