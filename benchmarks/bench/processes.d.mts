export declare function hasGnuTime(): boolean;
export declare function parseGnuTime(text: string): { maxRssKb: number | null; cpuSeconds: number | null };
export interface MeasuredRun {
  seconds: number;
  code: number | string | null;
  stdout: string;
  stderr: string;
  maxRssKb: number | null;
  cpuSeconds: number | null;
}
export declare function runMeasured(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; stdout?: 'capture' | 'discard'; timed?: boolean; scratchDirectory?: string; timeoutSeconds?: number },
): Promise<MeasuredRun>;
export declare function parseJsonLine(text: string, what: string): unknown;
