export type AlertLines = Record<string, number[]>;
export interface Expectation {
  alerts: AlertLines;
  lines: number;
  malformed: number;
}
export interface ApproachOutput {
  alerts: AlertLines;
  lines?: number | null;
  malformed?: number | null;
}
export declare function diffLines(expected: readonly number[], actual: readonly number[]): { missing: number[]; extra: number[] };
export declare function judge(expectation: Expectation, output: ApproachOutput): { correct: boolean; problems: string[] };
export declare function renameRules(alerts: AlertLines, names: Record<string, string>): AlertLines;
