/**
 * A value an earlier stage guarantees (a catalogue rule, the loader, the plan), checked rather
 * than asserted: if the guarantee is ever broken, the error says what was missing instead of a
 * TypeError somewhere downstream.
 */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal error: no ${what}`);
  return value;
}
