export declare const TARGETS: Readonly<{
  rawWasmOverNaive: number;
  rawWasmOverCat: number;
  patternFlatness: number;
  rawWasmOverNaiveAtTenPercent: number;
  allWorkersOverOneWorker: number;
  peakRssMb: number;
}>;
export declare const OWN_APPROACHES: readonly string[];
export declare const TEN_PERCENT: number;
export interface ApproachSummary {
  name: string;
  mbps: number | null;
  peakRssMb: number | null;
  ratioToCat: number | null;
  ratioToNaive: number | null;
  correct: boolean | null;
}
export interface TargetRun {
  approaches: ApproachSummary[];
  dnsScaling?: Array<{ patterns: number; scanMbps: number; correct: boolean }>;
  llmShare?: Array<{ share: number; naiveMbps: number; rawWasmMbps: number; correct: boolean }>;
  cpus: number;
}
export interface Target {
  id: string;
  description: string;
  measured: number | null;
  operator: '>=' | '<';
  threshold: number;
  unit: string;
  /** null: not measured */
  met: boolean | null;
  note?: string;
}
export declare function evaluateTargets(run: TargetRun): Target[];
