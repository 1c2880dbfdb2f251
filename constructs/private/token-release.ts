import { TokenMap } from "./cdktf";

/**
 * cdktf registers every token it creates (each `.arn`, each nested-block reference) in one
 * process-wide map and never removes it: the map keeps every construct tree alive until exit, so
 * memory grows with the catalogue. Tokens are numbered from one counter; a batch's tokens are
 * those numbered from the mark taken before it was built.
 */
interface TokenMapInternals {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
  readonly tokenCounter: number;
}

function internals(): TokenMapInternals {
  const map = TokenMap.instance() as unknown as TokenMapInternals;
  if (
    !(map.stringTokenMap instanceof Map) ||
    !(map.numberTokenMap instanceof Map) ||
    typeof map.tokenCounter !== "number"
  )
    throw new Error(
      "cdktf's token map is not what token-release.ts expects (stringTokenMap, numberTokenMap, tokenCounter)",
    );
  return map;
}

/** The number the next token will get. */
export function tokenMark(): number {
  return internals().tokenCounter;
}

/**
 * Forgets every token created since `mark`. A token of a released batch that is still used later
 * fails loudly (cdktf: "Unrecognized token key"), never silently.
 */
export function releaseTokensSince(mark: number): void {
  const map = internals();
  // String keys are `<display hint>.<counter>` (TokenMap.registerStringKey).
  for (const key of map.stringTokenMap.keys()) {
    if (Number(key.slice(key.lastIndexOf(".") + 1)) >= mark)
      map.stringTokenMap.delete(key);
  }
  for (const key of map.numberTokenMap.keys()) {
    if (key >= mark) map.numberTokenMap.delete(key);
  }
}
