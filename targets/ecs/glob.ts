/**
 * Listener rule patterns (host and path conditions): `*` any characters, `?` exactly one.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */

/**
 * Whether the pattern `general` matches every string `specific` matches (`*` any characters,
 * `?` exactly one). A wildcard of `specific` stands for strings `general` must all match: its
 * `*` only a `*` of `general` can take, its `?` a `?` or `*`.
 */
export function globCovers(general: string, specific: string): boolean {
  const g = general.length;
  const s = specific.length;
  // can[i][j]: general[i..] covers specific[j..]
  const can = Array.from({ length: g + 1 }, () =>
    new Array<boolean>(s + 1).fill(false),
  );
  can[g][s] = true;
  for (let i = g - 1; i >= 0; i--) {
    for (let j = s; j >= 0; j--) {
      const a = general[i];
      const b = specific[j];
      if (a === "*") can[i][j] = can[i + 1][j] || (j < s && can[i][j + 1]);
      else if (j === s) can[i][j] = false;
      else if (a === "?") can[i][j] = b !== "*" && can[i + 1][j + 1];
      else can[i][j] = a === b && can[i + 1][j + 1];
    }
  }
  return can[0][0];
}
