/**
 * cdktf records a full stack trace (depth unlimited, formatted) for every token it creates (each
 * `.arn`, each nested-block reference), only to quote it if that token is later misused. At a few
 * thousand resources that is a fifth of synth time. While `fn` runs, stack captures into plain
 * objects (how cdktf and constructs record creation stacks) record nothing; real Errors keep their
 * full stack traces.
 */
export function withoutCreationStacks<T>(fn: () => T): T {
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = (...args: Parameters<typeof capture>) => {
    const [target] = args;
    if (target instanceof Error) capture(...args);
    else (target as { stack?: string }).stack = "";
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = capture;
  }
}
