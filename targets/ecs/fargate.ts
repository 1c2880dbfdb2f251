/**
 * The task sizes Fargate offers (Linux): for each CPU size, the memory sizes in MiB.
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
 * (docs/research/ecs-on-fargate.md §1: 74 pairs)
 */
const range = (from: number, to: number, step: number): number[] =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The CPU sizes, ascending. */
export const FARGATE_CPU: readonly number[] = Object.keys(FARGATE_MEMORY)
  .map(Number)
  .sort((a, b) => a - b);

/** Whether Fargate runs a task of this cpu and memory. */
export function isFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_MEMORY[cpu]?.includes(memory) ?? false;
}

/** The memory Fargate offers with a CPU size, in words. */
export function fargateMemoryOf(cpu: number): string {
  const sizes = FARGATE_MEMORY[cpu];
  if (sizes.length <= 3)
    return `${sizes.slice(0, -1).join(", ")} or ${sizes[sizes.length - 1]}`;
  return `${sizes[0]} to ${sizes[sizes.length - 1]} in steps of ${sizes[1] - sizes[0]}`;
}
