/**
 * Money as integers. Costs are micro-dollars (1 µ$ = 1e-6 USD); per-token prices are
 * pico-dollars (1 p$ = 1e-12 USD), because token prices are fractions of a micro-dollar
 * ($0.30 per million tokens = 0.3 µ$/token = 300,000 p$/token). Every provider price we know
 * is a whole number of pico-dollars per token, so token × price is exact integer arithmetic
 * (BigInt) and the only rounding is the single conversion of a record's total to micros.
 */
import { AppError } from '@flywheel/contracts/errors';

/** Integer micro-dollars; always a safe integer. */
export type Micros = number;
/** Integer pico-dollars (a per-token or per-request price); always a safe integer. */
export type Picos = number;

export const MICROS_PER_USD = 1_000_000;
export const PICOS_PER_MICRO = 1_000_000;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * Parses a decimal string (or a number through its shortest round-trip string) into an integer
 * scaled by 10^scale, rounding half up on the exact decimal, so 3.75e-6 → 3_750_000 at scale 12
 * with no float multiplication involved.
 */
export function decimalToScaled(value: string | number, scale: number): bigint {
  const text = typeof value === 'number' ? numberToDecimal(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new AppError('BAD_REQUEST', `not a decimal number: "${text}"`);
  const digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '') || '0';
  const shift = scale - (m[3] ?? '').length + Number(m[4] ?? 0);
  const magnitude = shift >= 0 ? BigInt(digits) * 10n ** BigInt(shift) : roundHalfUpDiv(BigInt(digits), 10n ** BigInt(-shift));
  return m[1] === '-' ? -magnitude : magnitude;
}

function numberToDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new AppError('BAD_REQUEST', `not a finite number: ${n}`);
  return String(n);
}

/** Divides a non-negative integer, rounding half up (x.5 → x+1). */
export function roundHalfUpDiv(numerator: bigint, denominator: bigint): bigint {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('roundHalfUpDiv expects numerator ≥ 0 and denominator > 0');
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** Converts a bigint to a safe-integer number or throws (an overflow is never silently rounded). */
export function toSafeNumber(value: bigint, what = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AppError('BAD_REQUEST', `${what} exceeds the safe integer range: ${value}`);
  }
  return Number(value);
}

/** USD (string like "12.345" or a number) → micros, rounded half up at the micro-dollar. */
export function usdToMicros(usd: string | number): Micros {
  return toSafeNumber(decimalToScaled(usd, 6), 'micros');
}

/** USD per token (LiteLLM's unit) → exact integer pico-dollars per token. */
export function usdToPicos(usd: string | number): Picos {
  return toSafeNumber(decimalToScaled(usd, 12), 'picos');
}

/** Exact decimal USD string with six places: 1_234_567 → "1.234567". */
export function microsToUsd(micros: Micros): string {
  assertMicros(micros);
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_USD);
  const frac = String(abs % MICROS_PER_USD).padStart(6, '0');
  return `${sign}${whole}.${frac}`;
}

/** Micros as a JS number of dollars, for display and JSON replies only (never sum these). */
export function microsToUsdNumber(micros: Micros): number {
  return Number(microsToUsd(micros));
}

/** Rounds integer picos to micros, half up. */
export function picosToMicros(picos: bigint): Micros {
  return toSafeNumber(roundHalfUpDiv(picos, BigInt(PICOS_PER_MICRO)), 'micros');
}

/** Sums micros exactly, throwing if the total leaves the safe integer range. */
export function sumMicros(values: Iterable<Micros>): Micros {
  let total = 0n;
  for (const v of values) {
    assertMicros(v);
    total += BigInt(v);
  }
  return toSafeNumber(total, 'micros total');
}

/** Throws unless the value is a safe integer. */
export function assertMicros(value: number, what = 'micros'): void {
  if (!Number.isSafeInteger(value)) throw new AppError('BAD_REQUEST', `${what} must be a safe integer, got ${value}`);
}
