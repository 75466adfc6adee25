export declare const DNS_SHARE: number;
export interface CorpusRequest {
  bytes: number;
  seed: string | number;
  /** the generator's `--llm-share` (share of DNS lookups) */
  llmShare?: number;
}
export declare function corpusName(options: CorpusRequest): string;
export declare function generatorArguments(options: CorpusRequest): string[];
export declare function ensureCorpus(
  directory: string,
  options: CorpusRequest,
  log: (message: string) => void,
): Promise<{ path: string; expected: ExpectedDocument; generatedSeconds: number }>;
export declare function measuredLlmShare(expected: { counts: { events: number; byKind: Record<string, number> } }): number | null;
export interface ExpectedDocument {
  format: string;
  options: Record<string, unknown>;
  counts: { lines: number; bytes: number; events: number; malformed: number; byKind: Record<string, number> };
  rules: Record<string, { alerts: number[]; alertCount: number }>;
}
