import type { Query } from '@llm-egress/rules';
export declare function dnsPatternList(query: string): { patterns: string[]; start: number; end: number };
export declare function patternShapes(patterns: readonly string[]): { suffix: number; middle: number; exact: number };
export declare function syntheticPatterns(
  count: number,
  shapes: { suffix: number; middle: number; exact: number },
  seed?: number,
): string[];
export declare function countDnsPatterns(query: Query): number;
export declare function writeScaledRuleFiles(
  directory: string,
  totals: readonly number[],
  seed?: number,
): Array<{ patterns: number; file: string; synthetic: number }>;
