/**
 * The one rounding of a cost record. Line items are exact pico-dollar amounts; the record's total
 * is their exact sum rounded half up to the micro-dollar, once. The micro-dollar breakdown is then
 * apportioned by largest remainder (Hamilton's method) so it always sums to the total: each item
 * gets its floor, and the few micro-dollars left go to the items with the largest fractions
 * (ties: earlier item in key order). No item ever moves by 1 µ$ or more from its exact value.
 *
 * Why once per record rather than once per item: Claude Code (the oracle) sums unrounded item
 * costs, so rounding each item separately could differ from it by up to 2 µ$ per message
 * (e.g. Sonnet: 5 cache-read tokens = 1.5 µ$ and 2 cache-write tokens = 7.5 µ$; per item that is
 * 2 + 8 = 10 µ$, the exact total is 9 µ$). Rounding the exact total is within 0.5 µ$ of the truth.
 */
import { PICOS_PER_MICRO, picosToMicros, toSafeNumber, type Micros } from './money.ts';

const UNIT = BigInt(PICOS_PER_MICRO);

/** Rounds the exact total once and apportions it over the items. */
export function roundLineItems<K extends string>(picos: Record<K, bigint>): { total: Micros; items: Record<K, Micros> } {
  const keys = Object.keys(picos) as K[];
  const exactTotal = keys.reduce((sum, k) => sum + picos[k], 0n);
  const total = picosToMicros(exactTotal);
  const items = {} as Record<K, Micros>;
  let floorSum = 0n;
  for (const k of keys) {
    const floor = picos[k] / UNIT;
    items[k] = toSafeNumber(floor, 'micros');
    floorSum += floor;
  }
  let leftover = BigInt(total) - floorSum;
  const byRemainder = [...keys].sort((a, b) => compareDesc(picos[a] % UNIT, picos[b] % UNIT));
  for (const k of byRemainder) {
    if (leftover <= 0n) break;
    if (picos[k] % UNIT === 0n) continue;
    items[k] += 1;
    leftover -= 1n;
  }
  return { total, items };
}

function compareDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}
