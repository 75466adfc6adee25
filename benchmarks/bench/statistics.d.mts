export declare const BYTES_PER_MB: number;
export declare function median(values: readonly number[]): number;
export declare function throughput(bytes: number, events: number, seconds: number): { mbps: number; eventsPerSec: number };
export declare function ratio(numerator: number | null | undefined, denominator: number | null | undefined): number | null;
export declare function kilobytesToMb(kilobytes: number | null | undefined): number | null;
