// Types of conformance.mjs, for the test that runs it on the sources.
import type { Diagnostic, ParseOptions, ParseResult, Query } from '../src/index.js';

export interface ConformanceApi {
  parseQuery(source: string, options?: ParseOptions): ParseResult;
  checkQuery(query: Query): Diagnostic[];
  evaluateReference(query: Query, event: unknown): boolean;
  formatDiagnostic(diagnostic: Diagnostic): string;
}

export interface OperatorFailure {
  name: string;
  query: string;
  expected: number[];
  actual?: number[];
  error?: string;
}

export interface ConformanceReport {
  operators: { total: number; passed: number; failures: OperatorFailure[] };
  corpus: {
    total: number;
    supported: number;
    unsupported: number;
    invalid: number;
    unsupportedConstructs: Map<string, number>;
    invalidCodes: Map<string, number>;
    crashed: { query: string; error: string }[];
  };
}

export const OPERATOR_SUBSET: string;
export const TEST_DATA: string;
export const ENDGAME_QUERIES: string;
export function defaultSharedDir(): string;
export function hasConformanceData(sharedDir: string): boolean;
export function runConformance(api: ConformanceApi, sharedDir?: string): ConformanceReport;
export function formatReport(report: ConformanceReport): string;
