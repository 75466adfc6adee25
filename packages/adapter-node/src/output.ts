import type { StreamWarning } from './warnings.js';

/** One thing a processor hands to its stream or generator, in input order. */
export type Output<Item> = { kind: 'item'; item: Item; line: number } | { kind: 'warning'; warning: StreamWarning };

/**
 * Orders one batch's items and warnings by line, items first on a tie; the sort is stable,
 * so the detector's own order within a line is kept.
 */
export function inLineOrder<Item>(outputs: Array<Output<Item>>): Array<Output<Item>> {
  return outputs
    .map((output, index) => ({ output, index }))
    .sort((left, right) => lineOf(left.output) - lineOf(right.output) || rank(left.output) - rank(right.output) || left.index - right.index)
    .map(({ output }) => output);
}

function lineOf(output: Output<unknown>): number {
  return output.kind === 'item' ? output.line : output.warning.line;
}

function rank(output: Output<unknown>): number {
  return output.kind === 'item' ? 0 : 1;
}

/**
 * With `strict`, cuts a batch at its first warning: what comes before it is still
 * delivered, then the warning becomes the error.
 */
export function splitAtFirstWarning<Item>(outputs: Array<Output<Item>>): {
  before: Array<Output<Item>>;
  warning: StreamWarning | undefined;
} {
  const index = outputs.findIndex((output) => output.kind === 'warning');
  if (index < 0) return { before: outputs, warning: undefined };
  const first = outputs[index] as { kind: 'warning'; warning: StreamWarning };
  return { before: outputs.slice(0, index), warning: first.warning };
}
