/**
 * The EQL parser: recursive descent over Elasticsearch's grammar (EqlBase.g4), with the
 * same precedence — `or` < `and` < `not` < comparison < `+ -` < `* / %` < unary minus <
 * predicates (`in`, `:`, `like`, `regex`) that bind to a single primary expression.
 *
 * It collects every problem it can: lexical problems, recoverable syntax problems (`=`
 * for `==`, a missing comma in a list) and constructs that only make sense over many
 * events (sequence, join, sample, process relationships), which are parsed for syntax and
 * then reported as unsupported. A query is returned only when there is no diagnostic.
 */

import type {
  ArithmeticOperator,
  ComparisonOperator,
  Expr,
  FieldExpr,
  InOperator,
  Pipe,
  Query,
  QuerySource,
  RegexOperator,
  Span,
  WildcardOperator,
} from './ast.js';
import { type Diagnostic, type DiagnosticCode, SourceLocator } from './errors.js';
import { tokenize } from './lexer.js';
import { KEYWORDS, type Token } from './tokens.js';

export interface ParseOptions {
  /** file name shown in diagnostics */
  file?: string;
  /** added to every line number: a query starting on line 12 of its file has lineOffset 11 */
  lineOffset?: number;
  /** added to column numbers on the query's first line: a query starting at column 9 has columnOffset 8 */
  columnOffset?: number;
}

export interface ParseResult {
  /** present only when there is no diagnostic */
  query?: Query;
  diagnostics: Diagnostic[];
}

export interface ParseExpressionResult {
  expression?: Expr;
  diagnostics: Diagnostic[];
}

/** Parses `<category> where <condition> [| pipe …]` and reports every problem found. */
export function parseQuery(source: string, options: ParseOptions = {}): ParseResult {
  const parser = new Parser(querySource(source, options));
  const query = parser.run(() => parser.parseStatement());
  return parser.diagnostics.length === 0 && query ? { query, diagnostics: [] } : { diagnostics: parser.diagnostics };
}

/** Parses a bare condition such as `process.name : "a"` (for allowlists and tests). */
export function parseExpression(source: string, options: ParseOptions = {}): ParseExpressionResult {
  const parser = new Parser(querySource(source, options));
  const expression = parser.run(() => parser.parseStandaloneExpression());
  return parser.diagnostics.length === 0 && expression ? { expression, diagnostics: [] } : { diagnostics: parser.diagnostics };
}

function querySource(text: string, options: ParseOptions): QuerySource {
  const source: QuerySource = { text, lineOffset: options.lineOffset ?? 0, columnOffset: options.columnOffset ?? 0 };
  if (options.file !== undefined) source.file = options.file;
  return source;
}

/** Deepest nesting of expressions accepted; deeper input would only exhaust the stack. */
const MAX_DEPTH = 256;

/** Thrown to abandon a parse after an unrecoverable syntax error (already recorded). */
class Stop extends Error {}

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  readonly diagnostics: Diagnostic[] = [];
  private readonly locator: SourceLocator;
  private readonly tokens: Token[];
  private index = 0;
  private recursion = 0;
  /** nesting depth of each composite node built so far */
  private readonly depths = new WeakMap<Expr, number>();

  constructor(private readonly source: QuerySource) {
    this.locator = new SourceLocator(source);
    const lexed = tokenize(this.locator);
    this.tokens = lexed.tokens;
    this.diagnostics.push(...lexed.diagnostics);
  }

  run<T>(parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (error instanceof Stop) return undefined;
      throw error;
    }
  }

  // ---- token helpers ----

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private previousEnd(): number {
    return this.index > 0 ? this.tokens[this.index - 1].end : 0;
  }

  private isSymbol(symbol: string, token = this.peek()): boolean {
    return token.kind === 'symbol' && token.text === symbol;
  }

  private isKeyword(keyword: string, token = this.peek()): boolean {
    return token.kind === 'keyword' && token.text === keyword;
  }

  private span(start: number, end = this.previousEnd()): Span {
    return this.locator.span(start, end);
  }

  private report(code: DiagnosticCode, message: string, start: number, end: number): void {
    this.diagnostics.push(this.locator.diagnostic(code, message, start, end));
  }

  /** Records an unexpected-token (or unexpected-end) problem at `token` and abandons the parse. */
  private fail(expected: string, token = this.peek()): never {
    if (token.kind === 'end') {
      this.report('unexpected-end', `expected ${expected}, but the query ends here`, token.start, token.end);
    } else {
      this.report('unexpected-token', `expected ${expected}, found ${describeToken(token)}${keywordHint(token)}`, token.start, token.end);
    }
    throw new Stop();
  }

  private expectSymbol(symbol: string, expected = `'${symbol}'`): Token {
    if (!this.isSymbol(symbol)) this.fail(expected);
    return this.next();
  }

  private expectKeyword(keyword: string, expected = `'${keyword}'`): Token {
    if (!this.isKeyword(keyword)) this.fail(expected);
    return this.next();
  }

  private enter(token: Token): void {
    this.recursion++;
    if (this.recursion > MAX_DEPTH) {
      this.report('nesting-too-deep', `expressions are nested more than ${MAX_DEPTH} levels deep`, token.start, token.end);
      throw new Stop();
    }
  }

  private leave(): void {
    this.recursion--;
  }

  /** Records the nesting depth of a new composite node, refusing absurd depths. */
  private built<T extends Expr>(node: T, children: Expr[]): T {
    let depth = 0;
    for (const child of children) depth = Math.max(depth, this.depths.get(child) ?? 1);
    if (depth + 1 > MAX_DEPTH) {
      this.report('nesting-too-deep', `expressions are nested more than ${MAX_DEPTH} levels deep`, node.span.start, node.span.end);
      throw new Stop();
    }
    this.depths.set(node, depth + 1);
    return node;
  }

  // ---- statements ----

  parseStatement(): Query | undefined {
    const first = this.peek();
    if (first.kind === 'end') this.fail('a query such as `process where true`');
    if (this.isKeyword('sequence')) return this.parseMultiEvent('sequence');
    if (this.isKeyword('join')) return this.parseMultiEvent('join');
    if (
      first.kind === 'identifier' &&
      first.text === 'sample' &&
      (this.isKeyword('by', this.peek(1)) || this.isSymbol('[', this.peek(1)))
    ) {
      return this.parseMultiEvent('sample');
    }
    const { category, where } = this.parseEventFilter();
    const pipes = this.parsePipes();
    if (this.peek().kind !== 'end')
      this.fail(pipes.length > 0 ? "'|' or the end of the query" : "'and', 'or', '|' or the end of the query");
    return { kind: 'query', category, where, pipes, span: this.span(first.start), source: this.source };
  }

  parseStandaloneExpression(): Expr {
    if (this.peek().kind === 'end') this.fail('a condition');
    const expression = this.parseExpression();
    if (this.peek().kind !== 'end') this.fail("'and', 'or' or the end of the condition");
    return expression;
  }

  /** `(any | category) where expression` */
  private parseEventFilter(): { category: string | null; where: Expr } {
    const token = this.peek();
    let category: string | null;
    if (this.isKeyword('any')) {
      category = null;
    } else if (token.kind === 'identifier' || token.kind === 'string') {
      category = token.value;
    } else {
      this.fail('an event category such as `process`, `network` or `any`');
    }
    this.next();
    if (!this.isKeyword('where')) {
      this.fail(`'where' after the event category ${token.text} (a query starts with \`<category> where\` or \`any where\`)`);
    }
    this.next();
    const where = this.parseExpression();
    return { category, where };
  }

  private parsePipes(): Pipe[] {
    const pipes: Pipe[] = [];
    while (this.isSymbol('|')) {
      const bar = this.next();
      const name = this.peek();
      if (name.kind !== 'identifier') this.fail('a pipe name such as `head` or `filter`');
      this.next();
      const args: Expr[] = [];
      if (this.peek().kind !== 'end' && !this.isSymbol('|')) {
        args.push(this.parseExpression());
        while (this.isSymbol(',')) {
          this.next();
          args.push(this.parseExpression());
        }
      }
      pipes.push({ kind: 'pipe', name: name.text, args, span: this.span(bar.start) });
    }
    return pipes;
  }

  /**
   * sequence / join / sample: parsed for syntax so that their own errors are reported,
   * then rejected as a whole: llm-egress evaluates one event at a time.
   */
  private parseMultiEvent(kind: 'sequence' | 'join' | 'sample'): undefined {
    const keyword = this.next();
    const code: DiagnosticCode = kind === 'sequence' ? 'unsupported-sequence' : kind === 'join' ? 'unsupported-join' : 'unsupported-sample';
    this.report(
      code,
      `${kind} queries are not supported: llm-egress evaluates single-event queries (\`<category> where <condition>\`)`,
      keyword.start,
      keyword.end,
    );
    if (kind === 'sequence') {
      if (this.isKeyword('by')) {
        this.parseJoinKeys();
        if (this.isKeyword('with')) this.parseSequenceParameters();
      } else if (this.isKeyword('with')) {
        this.parseSequenceParameters();
        if (this.isKeyword('by')) this.parseJoinKeys();
      }
    } else if (this.isKeyword('by')) {
      this.parseJoinKeys();
    }
    let terms = 0;
    while (this.isSymbol('[') || (kind === 'sequence' && this.isSymbol('!'))) {
      this.parseTerm(kind === 'sequence');
      terms++;
    }
    const minimum = kind === 'sample' ? 1 : 2;
    if (terms < minimum) this.fail(`${minimum === 1 ? 'a' : 'another'} bracketed query such as \`[process where true]\``);
    if (kind !== 'sample' && this.isKeyword('until')) {
      this.next();
      this.parseTerm(false);
    }
    this.parsePipes();
    if (this.peek().kind !== 'end') this.fail("'[', 'until', '|' or the end of the query");
    return undefined;
  }

  /** `with maxspan=5m` */
  private parseSequenceParameters(): void {
    this.expectKeyword('with');
    this.expectKeyword('maxspan');
    this.expectEquals();
    const number = this.peek();
    if (number.kind !== 'integer' && number.kind !== 'decimal') this.fail('a time span such as `5m`');
    this.next();
    if (this.peek().kind === 'identifier') this.next();
  }

  /** `[category where condition] (with runs=N)? (by keys)?`, optionally `!`-prefixed (missing event). */
  private parseTerm(sequenceTerm: boolean): void {
    if (sequenceTerm && this.isSymbol('!')) this.next();
    this.parseSubquery();
    if (sequenceTerm && this.isKeyword('with')) {
      this.next();
      const name = this.peek();
      if (name.kind !== 'identifier') this.fail('a term parameter such as `runs=2`');
      this.next();
      this.expectEquals();
      const value = this.peek();
      if (value.kind !== 'integer') this.fail('an integer');
      this.next();
    }
    if (this.isKeyword('by')) this.parseJoinKeys();
  }

  private parseSubquery(): void {
    const open = this.expectSymbol('[', "'[' opening a bracketed query");
    this.enter(open);
    this.parseEventFilter();
    this.expectSymbol(']', "']' closing the bracketed query");
    this.leave();
  }

  private parseJoinKeys(): void {
    this.expectKeyword('by');
    this.parseExpression();
    while (this.isSymbol(',')) {
      this.next();
      this.parseExpression();
    }
  }

  private expectEquals(): void {
    if (this.isSymbol('=') || this.isSymbol('==')) this.next();
    else this.fail("'='");
  }

  // ---- expressions ----

  private parseExpression(): Expr {
    return this.parseOr();
  }

  private parseOr(): Expr {
    const first = this.parseAnd();
    if (!this.isKeyword('or')) return first;
    const operands = [first];
    while (this.isKeyword('or')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return this.built({ kind: 'or', operands, span: this.span(first.span.start) }, operands);
  }

  private parseAnd(): Expr {
    const first = this.parseNot();
    if (!this.isKeyword('and')) return first;
    const operands = [first];
    while (this.isKeyword('and')) {
      this.next();
      operands.push(this.parseNot());
    }
    return this.built({ kind: 'and', operands, span: this.span(first.span.start) }, operands);
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (this.isKeyword('not')) {
      this.next();
      this.enter(token);
      const operand = this.parseNot();
      this.leave();
      return this.built({ kind: 'not', operand, span: this.span(token.start) }, [operand]);
    }
    if (token.kind === 'identifier' && this.isKeyword('of', this.peek(1))) {
      // `descendant of [process where …]`: a process relationship
      this.next();
      this.next();
      this.report(
        'unsupported-relationship',
        `process relationships (\`${token.text} of [...]\`) are not supported: they need other events, and llm-egress evaluates one event at a time`,
        token.start,
        this.previousEnd(),
      );
      this.parseSubquery();
      return { kind: 'boolean', value: true, span: this.span(token.start) };
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const operator = this.peek();
    let op: ComparisonOperator;
    if (operator.kind === 'symbol' && COMPARISON_OPERATORS.has(operator.text)) {
      op = operator.text as ComparisonOperator;
    } else if (this.isSymbol('=')) {
      this.report('single-equals', 'EQL compares with ==, not =', operator.start, operator.end);
      op = '==';
    } else {
      return left;
    }
    this.next();
    const right = this.parseAdditive();
    const comparison: Expr = { kind: 'comparison', op, left, right, span: this.span(left.span.start) };
    const after = this.peek();
    if ((after.kind === 'symbol' && COMPARISON_OPERATORS.has(after.text)) || this.isSymbol('=')) {
      this.fail("'and', 'or' or ')': comparisons cannot be chained, use `a < b and b < c`", after);
    }
    return this.built(comparison, [left, right]);
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isSymbol('+') || this.isSymbol('-')) {
      const op = this.next().text as ArithmeticOperator;
      const right = this.parseMultiplicative();
      left = this.built({ kind: 'arithmetic', op, left, right, span: this.span(left.span.start) }, [left, right]);
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isSymbol('*') || this.isSymbol('/') || this.isSymbol('%')) {
      const op = this.next().text as ArithmeticOperator;
      const right = this.parseUnary();
      left = this.built({ kind: 'arithmetic', op, left, right, span: this.span(left.span.start) }, [left, right]);
    }
    return left;
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (this.isSymbol('-') || this.isSymbol('+')) {
      this.next();
      this.enter(token);
      const operand = this.parseUnary();
      this.leave();
      if (token.text === '+') return operand;
      const span = this.span(token.start);
      if (operand.kind === 'number') {
        // `-1` is a literal, as Elasticsearch folds it
        const text = operand.text.startsWith('-') ? operand.text.slice(1) : `-${operand.text}`;
        return { kind: 'number', value: -operand.value, text, integer: operand.integer, span };
      }
      return this.built({ kind: 'negate', operand, span }, [operand]);
    }
    const primary = this.parsePrimary();
    return this.parsePredicate(primary);
  }

  /** `in`, `not in`, `in~`, `:`, `like`, `like~`, `regex`, `regex~` after a primary expression. */
  private parsePredicate(subject: Expr): Expr {
    const negated = this.isKeyword('not') && (this.isKeyword('in', this.peek(1)) || this.isKeyword('in~', this.peek(1)));
    if (negated || this.isKeyword('in') || this.isKeyword('in~')) {
      if (negated) this.next();
      const op = this.next().text as InOperator;
      const field = this.requireField(subject, negated ? `not ${op}` : op);
      const values = this.parseParenthesizedList(() => this.parseExpression(), 'a value');
      return this.built({ kind: 'in', op, negated, field, values, span: this.span(subject.span.start) }, [field, ...values]);
    }
    const isPatternOperator = this.isSymbol(':') || ['like', 'like~', 'regex', 'regex~'].some((keyword) => this.isKeyword(keyword));
    if (!isPatternOperator) return subject;
    const op = this.next().text;
    const field = this.requireField(subject, op);
    const patterns: string[] = [];
    const patternSpans: Span[] = [];
    const addPattern = (): Expr => {
      const constant = this.parsePatternConstant(op);
      if (constant.kind === 'string') {
        patterns.push(constant.value);
        patternSpans.push(constant.span);
      }
      return constant;
    };
    const writtenAsList = this.isSymbol('(');
    if (writtenAsList) this.parseParenthesizedList(addPattern, 'a string pattern');
    else addPattern();
    const span = this.span(subject.span.start);
    if (op === 'regex' || op === 'regex~') {
      return this.built({ kind: 'regex', op: op as RegexOperator, field, patterns, patternSpans, writtenAsList, span }, [field]);
    }
    return this.built({ kind: 'wildcard', op: op as WildcardOperator, field, patterns, patternSpans, writtenAsList, span }, [field]);
  }

  /** The left side of `:`, `like`, `regex`, `in` must be a field for llm-egress. */
  private requireField(subject: Expr, operator: string): FieldExpr {
    if (subject.kind === 'field') return subject;
    this.report(
      'unsupported-operand',
      `only a field name can stand before ${operator}; an expression there is not supported`,
      subject.span.start,
      subject.span.end,
    );
    return { kind: 'field', path: ['?'], optional: false, span: subject.span };
  }

  /** A pattern after `:`, `like` or `regex`: a constant, and it must be a string. */
  private parsePatternConstant(operator: string): Expr {
    const token = this.peek();
    if (token.kind === 'string') return this.parsePrimary();
    const isConstant =
      token.kind === 'integer' || token.kind === 'decimal' || this.isKeyword('null') || this.isKeyword('true') || this.isKeyword('false');
    if (!isConstant) this.fail(`a string pattern after ${operator}`);
    const constant = this.parsePrimary();
    this.report(
      'pattern-not-string',
      `the pattern after ${operator} must be a string literal, such as "${token.text}"`,
      token.start,
      token.end,
    );
    return constant;
  }

  /**
   * `( element, element, … )` with recovery: a bad element or a missing comma is recorded,
   * the parser skips to the next `,` or `)` of this list and carries on.
   */
  private parseParenthesizedList<T>(parseElement: () => T, what: string): T[] {
    const open = this.expectSymbol('(', `'(' and a list`);
    this.enter(open);
    const items: T[] = [];
    if (this.isSymbol(')')) this.fail(what);
    while (true) {
      try {
        items.push(parseElement());
      } catch (error) {
        if (!(error instanceof Stop) || !this.skipToListDelimiter()) throw error;
      }
      if (this.isSymbol(',')) {
        this.next();
        continue;
      }
      if (this.isSymbol(')')) {
        this.next();
        break;
      }
      const token = this.peek();
      try {
        this.fail("',' or ')'", token);
      } catch (error) {
        if (!(error instanceof Stop) || !this.skipToListDelimiter()) throw error;
        if (this.isSymbol(',')) this.next();
        else if (this.isSymbol(')')) {
          this.next();
          break;
        }
      }
    }
    this.leave();
    return items;
  }

  /** Skips to the next `,` or `)` at this nesting level; false when the query ends first. */
  private skipToListDelimiter(): boolean {
    let depth = 0;
    while (this.peek().kind !== 'end') {
      const token = this.peek();
      if (depth === 0 && (this.isSymbol(',', token) || this.isSymbol(')', token))) return true;
      if (this.isSymbol('(', token) || this.isSymbol('[', token)) depth++;
      if (this.isSymbol(')', token) || this.isSymbol(']', token)) depth--;
      this.next();
    }
    return false;
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: token.value, span: this.span(token.start) };
      case 'integer':
      case 'decimal':
        this.next();
        return {
          kind: 'number',
          value: Number(token.text),
          text: token.text,
          integer: token.kind === 'integer',
          span: this.span(token.start),
        };
      case 'keyword':
        if (token.text === 'true' || token.text === 'false') {
          this.next();
          return { kind: 'boolean', value: token.text === 'true', span: this.span(token.start) };
        }
        if (token.text === 'null') {
          this.next();
          return { kind: 'null', span: this.span(token.start) };
        }
        return this.fail('an expression');
      case 'tilde-identifier':
        if (!this.isSymbol('(', this.peek(1))) this.fail(`'(' after the function name ${token.text}`, this.peek(1));
        return this.parseCall();
      case 'identifier':
        if (this.isSymbol('(', this.peek(1))) return this.parseCall();
        return this.parseField();
      case 'quoted-identifier':
        return this.parseField();
      case 'symbol':
        if (token.text === '?') return this.parseField();
        if (token.text === '(') {
          this.next();
          this.enter(token);
          const inner = this.parseExpression();
          this.expectSymbol(')', "')'");
          this.leave();
          return inner;
        }
        return this.fail('an expression');
      case 'end':
        return this.fail('an expression');
      default:
        return this.fail('an expression');
    }
  }

  private parseCall(): Expr {
    const nameToken = this.next();
    const caseInsensitive = nameToken.kind === 'tilde-identifier';
    let args: Expr[] = [];
    if (this.isSymbol('(') && this.isSymbol(')', this.peek(1))) {
      this.next();
      this.next();
    } else {
      args = this.parseParenthesizedList(() => this.parseExpression(), 'an argument');
    }
    const name = caseInsensitive ? nameToken.value : nameToken.text;
    return this.built({ kind: 'call', name, caseInsensitive, args, span: this.span(nameToken.start) }, args);
  }

  /** `?`? name (`.` name | `[` integer `]`)* */
  private parseField(): FieldExpr {
    const start = this.peek().start;
    const optional = this.isSymbol('?');
    if (optional) this.next();
    const path = [this.parseFieldSegment()];
    while (true) {
      if (this.isSymbol('.')) {
        this.next();
        path.push(this.parseFieldSegment());
      } else if (this.isSymbol('[') && this.peek(1).kind === 'integer') {
        // only `[` + integer is an index: `by x [process where …]` starts a sequence term
        const open = this.next();
        while (this.peek().kind === 'integer') this.next();
        this.expectSymbol(']');
        this.report(
          'unsupported-array-index',
          'array indexes in field names are not supported: a field matches when any of its values does',
          open.start,
          this.previousEnd(),
        );
      } else {
        break;
      }
    }
    return { kind: 'field', path, optional, span: this.span(start) };
  }

  private parseFieldSegment(): string {
    const token = this.peek();
    if (token.kind === 'identifier' || token.kind === 'quoted-identifier') {
      this.next();
      return token.value;
    }
    if (token.kind === 'keyword' && /^[a-z]+$/.test(token.text)) {
      this.fail(`a field name (\`${token.text}\` is a keyword: write it in backquotes, \`\`${token.text}\`\`)`);
    }
    return this.fail('a field name');
  }
}

function describeToken(token: Token): string {
  const text = shown(token.text);
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'string':
      return `the string ${text}`;
    case 'integer':
    case 'decimal':
      return `the number ${text}`;
    case 'identifier':
    case 'quoted-identifier':
      return `the name ${text}`;
    case 'tilde-identifier':
      return `the function name ${text}`;
    case 'keyword':
      return `the keyword '${text}'`;
    default:
      return `'${text}'`;
  }
}

/** Token text fit for a one-line message: control characters escaped, long text cut. */
function shown(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  let escaped = '';
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    const control = code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
    escaped += control ? (named[character] ?? `\\u{${code.toString(16).padStart(2, '0')}}`) : character;
  }
  const characters = Array.from(escaped);
  return characters.length > 40 ? `${characters.slice(0, 40).join('')}…` : escaped;
}

/** Keywords are lowercase: `AND` is an identifier, so say so when that is the likely mistake. */
function keywordHint(token: Token): string {
  if (token.kind !== 'identifier') return '';
  const lowercase = token.text.toLowerCase();
  if (lowercase !== token.text && KEYWORDS.has(lowercase)) return ` (keywords are lowercase: write '${lowercase}')`;
  return '';
}
