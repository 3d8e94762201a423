import { newId } from '@flywheel/contracts';

let last = 0;
let counter = 0;

/** Ids that sort by creation time (ties broken by a counter), so keyset pages keep insertion order. */
export function sortableId(prefix: string): string {
  const now = Date.now();
  counter = now === last ? counter + 1 : 0;
  last = now;
  return `${prefix}_${now.toString(36).padStart(9, '0')}${counter.toString(36).padStart(3, '0')}${newId('x', 4).slice(2)}`;
}
