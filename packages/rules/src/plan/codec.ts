import {
  type CidrBlock,
  COMPARE_OPERATOR_CODES,
  type CompareOperator,
  GROUP_MODE_CODES,
  type GroupMode,
  type Instruction,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanGroup,
  PREDICATE_KIND_CODES,
  type Predicate,
} from './types.js';

/** First bytes of every serialised Plan. */
export const PLAN_MAGIC = 'LEGP';

export const OPCODES = { predicate: 1, not: 2, and: 3, or: 4, true: 5, false: 6 } as const;

export class PlanFormatError extends Error {
  readonly code = 'PLAN_FORMAT';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'PlanFormatError';
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });

class ByteWriter {
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
  u8(value: number): void {
    this.reserve(1);
    this.view.setUint8(this.length, value);
    this.length += 1;
  }
  u16(value: number): void {
    this.reserve(2);
    this.view.setUint16(this.length, value, true);
    this.length += 2;
  }
  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value >>> 0, true);
    this.length += 4;
  }
  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  /** u32 byte length, then UTF-8 */
  string(value: string): void {
    const bytes = textEncoder.encode(value);
    this.u32(bytes.length);
    this.bytes(bytes);
  }
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

class ByteReader {
  private readonly view: DataView;
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(count: number): void {
    if (this.offset + count > this.bytes.length) throw new PlanFormatError(`truncated plan: need ${count} more bytes`, this.offset);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.offset++);
  }
  u16(): number {
    this.need(2);
    const value = this.view.getUint16(this.offset, true);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return value;
  }
  f64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return value;
  }
  take(count: number): Uint8Array {
    this.need(count);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }
  string(): string {
    const start = this.offset;
    try {
      return textDecoder.decode(this.take(this.u32()));
    } catch (error) {
      if (error instanceof PlanFormatError) throw error;
      throw new PlanFormatError('invalid UTF-8 in a plan string', start);
    }
  }
  /** a count that must fit in the bytes left (each element at least `minimumBytes`) */
  count(minimumBytes: number): number {
    const at = this.offset;
    const value = this.u32();
    if (value * minimumBytes > this.bytes.length - this.offset) throw new PlanFormatError(`count ${value} exceeds the plan size`, at);
    return value;
  }
  done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/**
 * The matcher's string-set spec (packages/matcher/DESIGN.md): u32 group count, then per
 * group u8 mode, u8 flags (bit 0: case-insensitive), u16 reserved, u32 pattern count, and
 * per pattern u32 byte length + UTF-8. rules cannot depend on matcher (sibling layers), so
 * the SDK's tests check that both encoders produce the same bytes.
 */
export function encodeGroupsSpec(groups: PlanGroup[]): Uint8Array {
  const writer = new ByteWriter();
  writeGroups(writer, groups);
  return writer.finish();
}

function writeGroups(writer: ByteWriter, groups: PlanGroup[]): void {
  writer.u32(groups.length);
  for (const group of groups) {
    writer.u8(GROUP_MODE_CODES[group.mode]);
    writer.u8(group.caseInsensitive ? 1 : 0);
    writer.u16(0);
    writer.u32(group.patterns.length);
    for (const pattern of group.patterns) writer.string(pattern);
  }
}

const GROUP_MODES = Object.fromEntries(Object.entries(GROUP_MODE_CODES).map(([mode, code]) => [code, mode])) as Record<number, GroupMode>;
const COMPARE_OPERATORS = Object.fromEntries(Object.entries(COMPARE_OPERATOR_CODES).map(([op, code]) => [code, op])) as Record<
  number,
  CompareOperator
>;

function readGroups(reader: ByteReader): PlanGroup[] {
  const groups: PlanGroup[] = [];
  const groupCount = reader.count(8);
  for (let g = 0; g < groupCount; g++) {
    const at = reader.offset;
    const mode = GROUP_MODES[reader.u8()];
    if (mode === undefined) throw new PlanFormatError('unknown group mode', at);
    const flags = reader.u8();
    reader.u16();
    const patterns: string[] = [];
    const patternCount = reader.count(4);
    for (let p = 0; p < patternCount; p++) patterns.push(reader.string());
    groups.push({ mode, caseInsensitive: (flags & 1) === 1, patterns });
  }
  return groups;
}

function writeProgram(writer: ByteWriter, program: Instruction[]): void {
  writer.u32(program.length);
  for (const instruction of program) {
    switch (instruction.op) {
      case 'predicate':
        writer.u32((OPCODES.predicate << 24) | instruction.index);
        break;
      case 'not':
        writer.u32(OPCODES.not << 24);
        break;
      case 'and':
        writer.u32(OPCODES.and << 24);
        break;
      case 'or':
        writer.u32(OPCODES.or << 24);
        break;
      case 'const':
        writer.u32((instruction.value ? OPCODES.true : OPCODES.false) << 24);
        break;
    }
  }
}

/** Stack depth after running the program, or -1 when an instruction lacks operands. */
export function programStackDepth(program: Instruction[]): number {
  let depth = 0;
  for (const instruction of program) {
    if (instruction.op === 'predicate' || instruction.op === 'const') depth += 1;
    else if (instruction.op === 'not') {
      if (depth < 1) return -1;
    } else {
      if (depth < 2) return -1;
      depth -= 1;
    }
  }
  return depth;
}

function readProgram(reader: ByteReader, predicateCount: number): Instruction[] {
  const program: Instruction[] = [];
  const start = reader.offset;
  const length = reader.count(4);
  for (let i = 0; i < length; i++) {
    const at = reader.offset;
    const word = reader.u32();
    const opcode = word >>> 24;
    const operand = word & 0xffffff;
    switch (opcode) {
      case OPCODES.predicate:
        if (operand >= predicateCount) throw new PlanFormatError(`predicate ${operand} out of range`, at);
        program.push({ op: 'predicate', index: operand });
        break;
      case OPCODES.not:
        program.push({ op: 'not' });
        break;
      case OPCODES.and:
        program.push({ op: 'and' });
        break;
      case OPCODES.or:
        program.push({ op: 'or' });
        break;
      case OPCODES.true:
      case OPCODES.false:
        program.push({ op: 'const', value: opcode === OPCODES.true });
        break;
      default:
        throw new PlanFormatError(`unknown opcode ${opcode}`, at);
    }
  }
  if (programStackDepth(program) !== 1) throw new PlanFormatError('malformed program: it must leave exactly one value', start);
  return program;
}

function writePredicate(writer: ByteWriter, predicate: Predicate): void {
  writer.u8(PREDICATE_KIND_CODES[predicate.kind]);
  writer.u8(predicate.kind === 'compare' ? COMPARE_OPERATOR_CODES[predicate.op] : 0);
  writer.u16(0);
  writer.u32(predicate.field);
  writer.u32(predicate.clause);
  switch (predicate.kind) {
    case 'group':
      writer.u32(predicate.set);
      writer.u32(predicate.group);
      break;
    case 'exists':
      break;
    case 'compare':
      if (typeof predicate.value === 'string') {
        writer.u8(0);
        writer.string(predicate.value);
      } else if (typeof predicate.value === 'number') {
        writer.u8(1);
        writer.f64(predicate.value);
      } else {
        writer.u8(2);
        writer.u8(predicate.value ? 1 : 0);
      }
      break;
    case 'cidr':
      writer.u32(predicate.blocks.length);
      for (const block of predicate.blocks) {
        writer.u8(block.family);
        writer.u8(block.prefixLength);
        const address = new Uint8Array(16);
        address.set(block.address.slice(0, 16));
        writer.bytes(address);
      }
      break;
  }
}

function readPredicate(reader: ByteReader): Predicate {
  const at = reader.offset;
  const kind = reader.u8();
  const op = reader.u8();
  reader.u16();
  const field = reader.u32();
  const clause = reader.u32();
  switch (kind) {
    case PREDICATE_KIND_CODES.group:
      return { kind: 'group', field, set: reader.u32(), group: reader.u32(), clause };
    case PREDICATE_KIND_CODES.exists:
      return { kind: 'exists', field, clause };
    case PREDICATE_KIND_CODES.compare: {
      const operator = COMPARE_OPERATORS[op];
      if (operator === undefined) throw new PlanFormatError('unknown compare operator', at);
      const type = reader.u8();
      const value = type === 0 ? reader.string() : type === 1 ? reader.f64() : type === 2 ? reader.u8() === 1 : undefined;
      if (value === undefined) throw new PlanFormatError('unknown compare value type', at);
      return { kind: 'compare', field, op: operator, value, clause };
    }
    case PREDICATE_KIND_CODES.cidr: {
      const blocks: CidrBlock[] = [];
      const count = reader.count(18);
      for (let i = 0; i < count; i++) {
        const family = reader.u8();
        const prefixLength = reader.u8();
        const address = [...reader.take(16)];
        if (family !== 4 && family !== 6) throw new PlanFormatError('unknown address family', at);
        blocks.push({ family, prefixLength, address: address.slice(0, family === 4 ? 4 : 16) });
      }
      return { kind: 'cidr', field, blocks, clause };
    }
    default:
      throw new PlanFormatError(`unknown predicate kind ${kind}`, at);
  }
}

/**
 * Serialises a Plan (layout: PLAN.md). The binary part holds what executors run; names,
 * clause texts, metadata, providers and allowlist origins travel in a trailing JSON block
 * that the WASM side skips.
 */
export function encodePlan(plan: Plan): Uint8Array {
  const writer = new ByteWriter();
  writer.bytes(textEncoder.encode(PLAN_MAGIC));
  writer.u16(PLAN_FORMAT_VERSION);
  writer.u16(0);

  writer.u32(plan.fields.length);
  for (const field of plan.fields) writer.string(field);

  writer.u32(plan.stringSets.length);
  for (const set of plan.stringSets) {
    writer.u32(set.field);
    const spec = encodeGroupsSpec(set.groups);
    writer.u32(spec.length);
    writer.bytes(spec);
  }

  writer.u32(plan.predicates.length);
  for (const predicate of plan.predicates) writePredicate(writer, predicate);

  writer.u32(plan.rules.length);
  for (const rule of plan.rules) {
    writeProgram(writer, rule.program);
    writer.u32(rule.exceptions.length);
    for (const exception of rule.exceptions) writeProgram(writer, exception.program);
  }

  writer.u8(plan.prefilter === null ? 0 : 1);
  writer.u32(plan.prefilter?.length ?? 0);
  for (const literal of plan.prefilter ?? []) writer.string(literal);

  writer.string(
    JSON.stringify({
      clauses: plan.clauses,
      rules: plan.rules.map((rule) => ({
        metadata: rule.metadata,
        requiredLiterals: rule.requiredLiterals,
        exceptions: rule.exceptions.map((exception) => exception.origin),
      })),
      providers: plan.providers,
      patternProviders: plan.patternProviders,
    }),
  );
  return writer.finish();
}

interface PlanMetadataBlock {
  clauses: Plan['clauses'];
  rules: {
    metadata: Plan['rules'][number]['metadata'];
    requiredLiterals: string[] | null;
    exceptions: Plan['rules'][number]['exceptions'][number]['origin'][];
  }[];
  providers: Plan['providers'];
  patternProviders: Plan['patternProviders'];
}

/** Reads a serialised Plan back; throws PlanFormatError naming the byte offset of any damage. */
export function decodePlan(bytes: Uint8Array): Plan {
  const reader = new ByteReader(bytes);
  const magic = new TextDecoder().decode(reader.take(4));
  if (magic !== PLAN_MAGIC) throw new PlanFormatError(`not a plan (magic ${JSON.stringify(magic)})`, 0);
  const version = reader.u16();
  if (version !== PLAN_FORMAT_VERSION) throw new PlanFormatError(`unsupported plan version ${version}`, 4);
  reader.u16();

  const fields: string[] = [];
  const fieldCount = reader.count(4);
  for (let i = 0; i < fieldCount; i++) fields.push(reader.string());

  const stringSets: Plan['stringSets'] = [];
  const setCount = reader.count(8);
  for (let i = 0; i < setCount; i++) {
    const field = reader.u32();
    const specLength = reader.u32();
    const specStart = reader.offset;
    const groups = readGroups(reader);
    if (reader.offset - specStart !== specLength) throw new PlanFormatError('string-set spec length mismatch', specStart);
    stringSets.push({ field, groups });
  }

  const predicates: Predicate[] = [];
  const predicateCount = reader.count(12);
  for (let i = 0; i < predicateCount; i++) predicates.push(readPredicate(reader));

  const programs: { program: Instruction[]; exceptions: Instruction[][] }[] = [];
  const ruleCount = reader.count(8);
  for (let i = 0; i < ruleCount; i++) {
    const program = readProgram(reader, predicateCount);
    const exceptions: Instruction[][] = [];
    const exceptionCount = reader.count(4);
    for (let e = 0; e < exceptionCount; e++) exceptions.push(readProgram(reader, predicateCount));
    programs.push({ program, exceptions });
  }

  const hasPrefilter = reader.u8() === 1;
  const literals: string[] = [];
  const literalCount = reader.count(4);
  for (let i = 0; i < literalCount; i++) literals.push(reader.string());

  const metadataAt = reader.offset;
  let metadata: PlanMetadataBlock;
  try {
    metadata = JSON.parse(reader.string()) as PlanMetadataBlock;
  } catch (error) {
    if (error instanceof PlanFormatError) throw error;
    throw new PlanFormatError('invalid metadata block', metadataAt);
  }
  if (!reader.done()) throw new PlanFormatError('trailing bytes after the plan', reader.offset);
  const metadataRules = metadata?.rules;
  if (
    !Array.isArray(metadataRules) ||
    metadataRules.length !== ruleCount ||
    !Array.isArray(metadata.clauses) ||
    !Array.isArray(metadata.providers) ||
    !Array.isArray(metadata.patternProviders) ||
    metadataRules.some((rule, index) => !Array.isArray(rule?.exceptions) || rule.exceptions.length !== programs[index].exceptions.length)
  ) {
    throw new PlanFormatError('metadata block does not describe the rules and exceptions of the plan', metadataAt);
  }
  for (const set of stringSets)
    if (set.field >= fields.length) throw new PlanFormatError(`string set field ${set.field} out of range`, metadataAt);
  for (const predicate of predicates) {
    if (predicate.field >= fields.length) throw new PlanFormatError(`predicate field ${predicate.field} out of range`, metadataAt);
    if (
      predicate.kind === 'group' &&
      (predicate.set >= stringSets.length ||
        predicate.group >= stringSets[predicate.set].groups.length ||
        stringSets[predicate.set].field !== predicate.field)
    ) {
      throw new PlanFormatError(`predicate group ${predicate.set}/${predicate.group} out of range`, metadataAt);
    }
  }

  return {
    version: PLAN_FORMAT_VERSION,
    fields,
    stringSets,
    predicates,
    clauses: metadata.clauses,
    rules: programs.map((entry, index) => ({
      metadata: metadata.rules[index].metadata,
      program: entry.program,
      exceptions: entry.exceptions.map((program, e) => ({ origin: metadata.rules[index].exceptions[e], program })),
      requiredLiterals: metadata.rules[index].requiredLiterals,
    })),
    providers: metadata.providers,
    patternProviders: metadata.patternProviders,
    prefilter: hasPrefilter ? literals : null,
  };
}
