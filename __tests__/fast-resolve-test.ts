/**
 * constructs/private/fast-resolve.ts: plain data walked directly, everything token-like handed to
 * cdktf, with exactly cdktf's result (the golden identity test compares whole stacks).
 */
import {
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  TerraformStack,
  Testing,
  Token,
  Tokenization,
} from "cdktf";
import { call, dependable, ref } from "cdktf/lib/tfExpression";
import { withFastResolve } from "../constructs/private/fast-resolve";

test("resolves plain data and every kind of token exactly as cdktf does", () => {
  const stack = new TerraformStack(Testing.app(), "stack");
  const lazy = (value: unknown) => Lazy.anyValue({ produce: () => value });
  const value = {
    plain: "just text",
    escapes: "echo ${HOME} and $${literal} {}",
    numberish: ["1e5", "subnet-0a1b2c3d4e5f60101", "1.5e-3", "e", "-e-"],
    numbers: [
      0,
      -3,
      2 ** 53,
      0.25,
      Number.NaN,
      Token.NUMBER_MAP_TOKEN_VALUE + 1,
    ],
    flags: [true, false, null],
    holes: [undefined, "kept", undefined, { gone: undefined, here: 1 }],
    date: new Date(0),
    nested: { deeper: { deepest: ["x", { y: "z" }] } },
    stringToken: Token.asString(lazy("from a token")),
    inText: `prefix-${Token.asString(lazy("middle"))}-suffix`,
    numberToken: Token.asNumber(lazy(42)),
    numberInText: `n=${Token.asNumber(lazy(7))}`,
    listToken: Token.asList(lazy(["a", "b"])),
    numberListToken: Token.asNumberList(lazy([1, 2])),
    mapToken: Token.asStringMap(lazy({ k: "v" })),
    resolvable: lazy({ inner: Token.asString(lazy("deep")) }),
    // (nested: a map with a token key goes to cdktf whole)
    tokenKey: {
      [`key-${Token.asString(lazy("resolved"))}`]: "a token in a key",
    },
    tokenOfPlainData: lazy({ a: [1, "two", { three: undefined }] }),
    reference: Token.asString(ref("aws_iam_role.role.arn", stack)),
    // depends_on entries: the address, itself a reference (TerraformResource.fqn) or text.
    dependsOn: [
      dependable({ fqn: Token.asString(ref("aws_x.a", stack)) }),
      dependable({ fqn: "aws_x.b" }),
    ],
    referenceList: [
      Token.asString(ref("aws_x.a.name", stack)),
      `${Token.asString(ref("aws_x.a.name", stack))}/*`,
      `\${upper(${Token.asString(ref("aws_x.a.name", stack))})}`,
      "plain",
    ],
    references: {
      r0: `arn:aws:s3:::${Token.asString(ref("aws_s3_bucket.b.id", stack))}/*`,
      r1: `${Token.asString(ref("data.aws_caller_identity.c.account_id", stack))}.dkr.ecr`,
      r2: `${Token.asString(ref("aws_x.a.name", stack))}${Token.asString(ref("aws_x.b.name", stack))}`,
      r3: `echo \${HOME} ${Token.asString(ref("aws_x.a.name", stack))}`,
      r4: `{"a": "${Token.asString(ref("aws_x.a.name", stack))}"}`,
      // Inside an escape sequence, cdktf writes a reference without its braces.
      r5: `\${upper(${Token.asString(ref("aws_x.a.name", stack))})}`,
      r6: `${Token.asString(ref("aws_x.a.name", stack))} and ${Token.asString(lazy("lazy"))}`,
      r7: `${Token.asString(ref("aws_x.v1e5.name", stack))}`,
      // An escape sequence left open.
      r9: `\${upper(${Token.asString(ref("aws_x.a.name", stack))}`,
      r10: `${Token.asString(ref("aws_x.a.name", stack))} } \${x}`,
      r8: `n=${Token.asNumber(lazy(7))} ${Token.asString(ref("aws_x.a.name", stack))}`,
    },
  };
  const options = () => ({
    scope: stack,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  const expected = Tokenization.resolve(value, options());
  const fast = withFastResolve(() => Tokenization.resolve(value, options()));
  expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
  expect(fast).toEqual(expected);
  expect(fast.stringToken).toBe("from a token");
  expect(fast.reference).toBe("${aws_iam_role.role.arn}");
  expect(fast.dependsOn).toEqual(["aws_x.a", "aws_x.b"]);
  expect(fast.references.r0).toBe("arn:aws:s3:::${aws_s3_bucket.b.id}/*");
  expect(fast.listToken).toEqual(["a", "b"]);
  expect(fast.tokenKey["key-resolved"]).toBe("a token in a key");
  expect(fast.numberInText).toBe("n=7");
  // Plain data is copied, as cdktf copies it: the output never aliases the input.
  expect(fast.nested).not.toBe(value.nested);
  // Restored afterwards.
  expect(Tokenization.resolve("x", options())).toBe("x");
});

test("what cdktf refuses, it still refuses", () => {
  const stack = new TerraformStack(Testing.app(), "stack");
  const resolve = (value: unknown) =>
    withFastResolve(() =>
      Tokenization.resolve(value, {
        scope: stack,
        resolver: new DefaultTokenResolver(new StringConcat()),
      }),
    );
  expect(() => resolve({ f: () => 1 })).toThrow(/function/i);
  expect(() => resolve({ s: Token.STRING_MAP_TOKEN_VALUE })).toThrow();
  expect(() => resolve({ n: Token.NUMBER_MAP_TOKEN_VALUE })).toThrow();
  expect(() => resolve({ c: stack })).toThrow();
  expect(() => resolve({ t: "a ${TfToken[TOKEN.999999999]}" })).toThrow(
    /Unrecognized Token Key/,
  );
});

test("renders the arguments of Terraform functions exactly as cdktf does", () => {
  const stack = new TerraformStack(Testing.app(), "stack");
  const lazy = (value: unknown) => Lazy.anyValue({ produce: () => value });
  // What a resource attribute such as `role.arn` is.
  const reference = Token.asString(ref("aws_iam_role.role.arn", stack));
  const document = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Plain",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: [reference, `${reference}/*`, "arn:aws:s3:::b/${x}"],
        Condition: { StringEquals: { "aws:SourceAccount": "123" } },
      },
      { Resource: reference, Principal: { AWS: [reference] } },
    ],
    embedded: [
      `a${reference}b${reference}c`,
      `${reference}${reference}`,
      `say "${reference}"`,
      `$${reference} and \${x} ${reference}`,
      `line\n${reference}`,
      `{${reference}}`,
      `n=${Token.asNumber(lazy(7))}:${reference}`,
    ],
    quotes: ['"', '"quoted"', 'say "hi"', "line\nbreak", "${HOME} %{x}"],
    numbers: [0, -3, 0.25, 1e21, Number.NaN, 2 ** 53],
    numberish: ["1e5", "subnet-0a1b2c3d4e5f60101", "-e-"],
    flags: [true, false, null],
    holes: ["a", undefined, "b"],
    nothing: lazy(undefined),
    inList: [lazy(undefined), "after"],
    gone: undefined,
    empty: { list: [], map: {} },
    stringToken: Token.asString(lazy("from a token")),
    numberToken: Token.asNumber(lazy(42)),
    resolvable: lazy({ inner: reference }),
    date: new Date(0),
    [`key-${Token.asString(lazy("resolved"))}`]: "a token in a key",
    nested: { deeper: { deepest: ["x", { y: reference }] } },
  };
  const value = {
    document: Fn.jsonencode(document),
    list: Fn.jsonencode([reference, "plain", undefined, 1]),
    scalar: Fn.jsonencode("just text"),
    nothing: Fn.jsonencode(undefined),
    inText: `prefix ${Fn.jsonencode({ a: reference })} suffix`,
    lookup: Fn.lookup(lazy({ a: "b" }), "a", reference),
  };
  const options = () => ({
    scope: stack,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  const resolveArg = (call("x", []) as unknown as { resolveArg: unknown })
    .resolveArg;
  const expected = Tokenization.resolve(value, options());
  const fast = withFastResolve(() => Tokenization.resolve(value, options()));
  expect(fast).toEqual(expected);
  expect(fast.document).toContain('"Resource" = aws_iam_role.role.arn');
  expect(fast.document).toContain('"${aws_iam_role.role.arn}/*"');
  // cdktf's own rendering is back afterwards.
  expect((call("x", []) as unknown as { resolveArg: unknown }).resolveArg).toBe(
    resolveArg,
  );
});
