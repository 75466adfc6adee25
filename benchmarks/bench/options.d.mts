export declare const USAGE: string;
export declare const QUICK_SLOW_RUN_SECONDS: number;
export declare class BenchOptionError extends Error {
  constructor(option: string, message: string);
}
export declare function parseSize(option: string, text: string): number;
export interface BenchOptions {
  help: false;
  quick: boolean;
  runs: number;
  bytes: number;
  shareBytes: number;
  seed: string;
  approaches: string[];
  scaling: boolean;
  out: string | null;
  slowRunSeconds: number;
}
export declare function parseBenchOptions(argv: readonly string[]): BenchOptions | { help: true };
