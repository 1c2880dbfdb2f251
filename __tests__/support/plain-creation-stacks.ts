/**
 * jest's setupFilesAfterEnv. jest source-maps every stack trace captured in a test (its
 * source-map-support hook on Error.prepareStackTrace); cdktf and constructs capture one, depth
 * unlimited, into a plain object for every token and element they create (creation stacks, only
 * ever quoted when a token is misused), and mapping those was about half of a plain (not `fast`)
 * synth's time in a test. Captures into anything but an Error are formatted as V8 formats them
 * outside jest (as `node scripts/synth.js` runs the app); every Error, of this realm or Node's,
 * keeps its source-mapped stack trace.
 */
const sourceMapped = Error.prepareStackTrace;
if (sourceMapped) {
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error ||
    Object.prototype.toString.call(target) === "[object Error]"
      ? sourceMapped(target, frames)
      : ["Error", ...frames.map((frame) => `    at ${frame}`)].join("\n");
}
