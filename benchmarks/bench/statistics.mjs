// Small numeric helpers of the benchmark runner: medians and throughputs. Pure.

/** Megabytes are decimal: 1 MB = 10^6 bytes (as the CLI prints them). */
export const BYTES_PER_MB = 1e6;

/** The median of a non-empty list of finite numbers (mean of the two middle ones when even). */
export function median(values) {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError('median of an empty list');
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`median: not a finite number: ${value}`);
  }
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** MB/s and events/s for `bytes` and `events` processed in `seconds`. */
export function throughput(bytes, events, seconds) {
  if (!(seconds > 0)) throw new RangeError(`throughput: seconds must be > 0, got ${seconds}`);
  return { mbps: bytes / BYTES_PER_MB / seconds, eventsPerSec: events / seconds };
}

/** `numerator / denominator`, or null when either is missing or the denominator is not positive. */
export function ratio(numerator, denominator) {
  if (numerator === null || numerator === undefined || denominator === null || denominator === undefined) return null;
  if (!(denominator > 0) || !Number.isFinite(numerator)) return null;
  return numerator / denominator;
}

/** Kilobytes (as `maxRSS` and GNU time's `%M` report them) to decimal megabytes; null stays null. */
export function kilobytesToMb(kilobytes) {
  return kilobytes === null || kilobytes === undefined ? null : (kilobytes * 1024) / BYTES_PER_MB;
}
