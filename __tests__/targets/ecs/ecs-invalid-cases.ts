/**
 * The ECS target's invalid fixtures (__tests__/fixtures/invalid/) with their exact messages, as
 * cases of catalogue-errors-test.ts: [what, file, problems].
 */
export const ECS_CASES: [string, string, string[]][] = [];
