/**
 * jest's setupFilesAfterEnv. jest source-maps every stack trace captured in a test (its
 * source-map-support hook on Error.prepareStackTrace); cdktf and constructs capture one, depth
 * unlimited, into a plain object for every token and element they create (creation stacks, only
 * ever quoted when a token is misused), which made mapping them most of a plain (not `fast`)
 * synth's time in a test. Those captures are formatted as V8 formats them outside jest (how
 * `node scripts/synth.js` runs the app); a thrown Error keeps its source-mapped stack trace.
 */
const sourceMapped = Error.prepareStackTrace;
if (sourceMapped) {
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error
      ? sourceMapped(target, frames)
      : ["Error", ...frames.map((frame) => `    at ${frame}`)].join("\n");
}
