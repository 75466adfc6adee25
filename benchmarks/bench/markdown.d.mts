import type { Target } from './targets.mjs';
export interface ApproachRow {
  name: string;
  runs: number;
  mbps: number | null;
  eventsPerSec: number | null;
  /** bytes per CPU-second of the whole process (threads included), in MB */
  cpuMbps: number | null;
  peakRssMb: number | null;
  ratioToCat: number | null;
  ratioToNaive: number | null;
  correct: boolean | null;
}
export interface DnsScalingRow {
  patterns: number;
  runs: number;
  mbps: number;
  scanMbps: number;
  scanCpuMbps: number | null;
  setupSeconds: number;
  relative: number;
  correct: boolean;
}
export interface LlmShareRow {
  share: number;
  measuredShare: number | null;
  mb: number;
  naiveRuns: number;
  rawWasmRuns: number;
  naiveMbps: number;
  rawWasmMbps: number;
  naiveCpuMbps: number | null;
  rawWasmCpuMbps: number | null;
  naiveCorrect: boolean;
  /** raw-wasm's answer */
  correct: boolean;
}
export declare function markdownTable(headers: string[], rows: string[][], alignments?: Array<'left' | 'right'>): string;
export declare function formatNumber(value: number | null | undefined): string;
export declare function formatRatio(value: number | null | undefined): string;
export declare function formatStatus(target: Target): string;
export declare function approachTable(approaches: ApproachRow[], targets: Target[]): string;
export declare function dnsScalingTable(rows: DnsScalingRow[], targets: Target[]): string;
export declare function llmShareTable(rows: LlmShareRow[], targets: Target[]): string;
export declare function targetsTable(targets: Target[]): string;
