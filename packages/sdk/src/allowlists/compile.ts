import { type Instruction, type Plan, PlanBuilder } from '@llm-egress/rules';
import { AllowlistError } from '../errors.js';
import { numberFromText, parseCidrBlock } from '../executor/compare.js';
import type { NormalizedEntry, NormalizedItem } from './normalize.js';
import type { MatchValue } from './types.js';
import { elasticWildcardGroup } from './wildcard.js';

/**
 * Compiles allowlist items INTO the Plan as exceptions (PLAN.md "Allowlist items"), so
 * they run in every executor, WASM and Fluent Bit included: each item becomes a program
 * over the plan's predicate table, attached to every rule it applies to. An alert is
 * suppressed by the first item whose program is true.
 */

type Tree =
  | { kind: 'const'; value: boolean }
  | { kind: 'predicate'; index: number }
  | { kind: 'not'; operand: Tree }
  | { kind: 'and' | 'or'; operands: Tree[] };

const predicate = (index: number): Tree => ({ kind: 'predicate', index });
const not = (operand: Tree): Tree => (operand.kind === 'const' ? { kind: 'const', value: !operand.value } : { kind: 'not', operand });
const any = (operands: Tree[]): Tree =>
  operands.length === 0 ? { kind: 'const', value: false } : operands.length === 1 ? operands[0] : { kind: 'or', operands };
const all = (operands: Tree[]): Tree =>
  operands.length === 0 ? { kind: 'const', value: true } : operands.length === 1 ? operands[0] : { kind: 'and', operands };

function toProgram(tree: Tree): Instruction[] {
  const program: Instruction[] = [];
  const pending: Array<{ tree: Tree; expanded: boolean }> = [{ tree, expanded: false }];
  while (pending.length > 0) {
    const { tree: node, expanded } = pending.pop() as { tree: Tree; expanded: boolean };
    if (node.kind === 'const') program.push({ op: 'const', value: node.value });
    else if (node.kind === 'predicate') program.push({ op: 'predicate', index: node.index });
    else if (expanded) {
      if (node.kind === 'not') program.push({ op: 'not' });
      else for (let index = 1; index < node.operands.length; index++) program.push({ op: node.kind });
    } else {
      pending.push({ tree: node, expanded: true });
      const children = node.kind === 'not' ? [node.operand] : node.operands;
      for (let index = children.length - 1; index >= 0; index--) pending.push({ tree: children[index], expanded: false });
    }
  }
  return program;
}

export interface CompileAllowlistsOptions {
  valueLists?: Record<string, string[]>;
  now: Date;
  logger?: { warn(message: string): void; info?(message: string): void };
}

export interface CompiledAllowlists {
  plan: Plan;
  /** items attached to at least one rule */
  active: NormalizedItem[];
  /** items skipped because their expire_time has passed */
  expired: NormalizedItem[];
}

/** Printed form of an entry for clause texts (`explain`, reports). */
function entryText(entry: NormalizedEntry): string {
  const not = 'negated' in entry && entry.negated ? 'not ' : '';
  switch (entry.type) {
    case 'match':
      return `${not}${entry.field} ${entry.values.length === 1 ? 'match' : 'match_any'} ${entry.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'wildcard':
      return `${not}${entry.field} wildcard ${JSON.stringify(entry.value)}`;
    case 'exists':
      return `${not}${entry.field} exists`;
    case 'list':
      return `${not}${entry.field} in list ${JSON.stringify(entry.listId)}`;
    case 'nested':
      return `${entry.field} nested (${entry.entries.map(entryText).join(' and ')})`;
  }
}

class ItemCompiler {
  constructor(
    private readonly builder: PlanBuilder,
    private readonly options: CompileAllowlistsOptions,
    private readonly itemIndex: number,
  ) {}

  private clause(text: string, entry: { at: { line?: number; column?: number } }): number {
    return this.builder.clause({ rule: -1, text, line: entry.at.line ?? 0, column: entry.at.column ?? 0, exception: this.itemIndex });
  }

  /** An exact value: strings by exact group, and the type coercions Elasticsearch applies to mapped fields. */
  private matchValues(field: string, values: MatchValue[], caseInsensitive: boolean, clause: number): Tree {
    const strings: string[] = [];
    const others: Tree[] = [];
    for (const value of values) {
      if (typeof value === 'boolean' || value === 'true' || value === 'false') {
        // On a boolean field "true"/"false" match the booleans; the rule's own `== true/false` reading.
        others.push(predicate(this.builder.comparePredicate(field, '==', value === true || value === 'true', clause)));
      } else if (typeof value === 'number') {
        strings.push(String(value));
        others.push(predicate(this.builder.comparePredicate(field, '==', value, clause)));
      } else {
        strings.push(value);
        const number = numberFromText(value);
        if (number !== undefined) others.push(predicate(this.builder.comparePredicate(field, '==', number, clause)));
      }
    }
    const exact =
      strings.length > 0
        ? [predicate(this.builder.groupPredicate(field, { mode: 'exact', caseInsensitive, patterns: [...new Set(strings)] }, clause))]
        : [];
    return any([...exact, ...others]);
  }

  entry(entry: NormalizedEntry): Tree {
    if (entry.type === 'nested') {
      // Elasticsearch would test a nested mapping per nested object; our events carry no
      // mapping, so the children are tested like fields of an object mapping (see README).
      return all(entry.entries.map((child) => this.entry(child)));
    }
    const clause = this.clause(entryText(entry), entry);
    let tree: Tree;
    switch (entry.type) {
      case 'match':
        tree = this.matchValues(entry.field, entry.values, entry.caseInsensitive, clause);
        break;
      case 'wildcard': {
        const group = elasticWildcardGroup(entry.value, entry.caseInsensitive);
        if (!group) {
          throw new AllowlistError(
            'ALLOWLIST_UNSUPPORTED_WILDCARD',
            `wildcard ${JSON.stringify(entry.value)} mixes an escaped \\* or \\? with other wildcards; only exact, lit*, *lit and *lit* shapes can hold a literal * or ?`,
            entry.at,
          );
        }
        tree = predicate(this.builder.groupPredicate(entry.field, group, clause));
        break;
      }
      case 'exists':
        tree = predicate(this.builder.existsPredicate(entry.field, clause));
        break;
      case 'list': {
        const lists = this.options.valueLists;
        const values = lists && Object.hasOwn(lists, entry.listId) ? lists[entry.listId] : undefined;
        if (!Array.isArray(values) || !values.every((value) => typeof value === 'string')) {
          throw new AllowlistError(
            'ALLOWLIST_VALUE_LIST_MISSING',
            `entry on ${entry.field} uses value list ${JSON.stringify(entry.listId)}, whose values are not in the export: supply them with valueLists (e.g. --value-list ${entry.listId}=file.txt)`,
            entry.at,
          );
        }
        if (entry.listType === 'ip' || entry.listType === 'ip_range') {
          const blocks = values.map((value) => {
            const block = parseCidrBlock(value.trim());
            if (!block)
              throw new AllowlistError(
                'ALLOWLIST_VALUE',
                `value list ${JSON.stringify(entry.listId)} (type ${entry.listType}) holds ${JSON.stringify(value)}, which is not an IP address or CIDR block`,
                entry.at,
              );
            return block;
          });
          tree = blocks.length === 0 ? { kind: 'const', value: false } : predicate(this.builder.cidrPredicate(entry.field, blocks, clause));
        } else {
          tree =
            values.length === 0
              ? { kind: 'const', value: false }
              : predicate(
                  this.builder.groupPredicate(
                    entry.field,
                    { mode: 'exact', caseInsensitive: false, patterns: [...new Set(values)] },
                    clause,
                  ),
                );
        }
        break;
      }
    }
    // `excluded`: the entry holds when no value matches, including when the field is absent.
    return entry.negated ? not(tree) : tree;
  }

  osTypes(item: NormalizedItem): Tree | null {
    if (item.osTypes.length === 0) return null;
    const clause = this.clause(`host.os.type in ${JSON.stringify(item.osTypes)}`, item);
    const byType = predicate(
      this.builder.groupPredicate('host.os.type', { mode: 'exact', caseInsensitive: false, patterns: item.osTypes }, clause),
    );
    // `host.os.name` lower-cased equals an os type: an ASCII-folded exact match, which only
    // an os type written in lower case can satisfy.
    const lowerCase = item.osTypes.filter((type) => !/[A-Z]/.test(type));
    if (lowerCase.length === 0) return byType;
    const byName = predicate(
      this.builder.groupPredicate('host.os.name', { mode: 'exact', caseInsensitive: true, patterns: lowerCase }, clause),
    );
    return any([byType, byName]);
  }
}

export function compileAllowlists(plan: Plan, items: readonly NormalizedItem[], options: CompileAllowlistsOptions): CompiledAllowlists {
  if (items.length === 0) return { plan, active: [], expired: [] };
  const builder = PlanBuilder.from(plan);
  const active: NormalizedItem[] = [];
  const expired: NormalizedItem[] = [];
  const seen = new Map<string, NormalizedItem>();
  items.forEach((item, itemIndex) => {
    const previous = seen.get(item.origin.id);
    if (previous) {
      throw new AllowlistError(
        'ALLOWLIST_DUPLICATE_ID',
        `allowlist item id ${JSON.stringify(item.origin.id)} is also used at ${previous.origin.file ?? '<document>'}:${previous.origin.line ?? '?'}; ids must be unique`,
        item.at,
      );
    }
    seen.set(item.origin.id, item);
    if (item.expireTime !== null && item.expireTime.getTime() <= options.now.getTime()) {
      expired.push(item);
      options.logger?.info?.(`allowlist item ${item.origin.id} expired at ${item.expireTime.toISOString()}: not applied`);
      return;
    }
    const compiler = new ItemCompiler(builder, options, itemIndex);
    const conditions = item.entries.map((entry) => compiler.entry(entry));
    const osTypes = compiler.osTypes(item);
    const program = toProgram(all(osTypes ? [osTypes, ...conditions] : conditions));
    let attached = 0;
    for (let rule = 0; rule < builder.ruleCount(); rule++) {
      const metadata = builder.ruleMetadata(rule);
      if (item.ruleIds !== null && !item.ruleIds.includes(metadata.ruleId) && !item.ruleIds.includes(metadata.source)) continue;
      builder.exception(rule, item.origin, program);
      attached++;
    }
    if (attached === 0)
      options.logger?.warn(`allowlist item ${item.origin.id} applies to no loaded rule (rule_ids: ${JSON.stringify(item.ruleIds)})`);
    else active.push(item);
  });
  return { plan: builder.build(), active, expired };
}
