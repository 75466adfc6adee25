/**
 * fast-check arbitraries for EQL: query source texts and ECS-like events drawn from one
 * small vocabulary, so that generated queries actually match generated events often
 * enough to test verdicts (not just "false" a thousand times).
 *
 * They produce plain text and plain objects only: testkit is a leaf and knows nothing of
 * the parser. `eqlQuery` texts pass `checkQuery` (every executor must run them);
 * `eqlSyntaxQuery` texts also use constructs that parse but are unsupported (arithmetic,
 * unknown functions, regex, pipes, field-to-field comparisons), for parser and printer
 * properties.
 */

import fc from 'fast-check';

/** Characters that exercise the semantics: case, wildcards, escapes, non-ASCII folding traps, astral code points. */
export const EQL_TEXT_CHARACTERS: readonly string[] = [
  'a',
  'A',
  'b',
  'B',
  'k',
  'K',
  '\u212A', // Kelvin sign: folds to k in Unicode, never in ASCII-only folding
  'é',
  'É',
  'ß',
  '.',
  '-',
  ' ',
  '\\',
  '/',
  ':',
  '*',
  '?',
  '"',
  "'",
  '\n',
  '\t',
  '😀',
  '\uFF61', // sorts before 😀 in UTF-8 but after it in UTF-16
  '0',
  '1',
];

export interface EqlFieldSpec {
  /** dotted ECS name */
  name: string;
  type: 'string' | 'boolean' | 'number' | 'ip';
}

/** The fields generated queries and events share. */
export const EQL_FIELDS: readonly EqlFieldSpec[] = [
  { name: 'process.name', type: 'string' },
  { name: 'process.executable', type: 'string' },
  { name: 'dns.question.name', type: 'string' },
  { name: 'host.os.type', type: 'string' },
  { name: 'process.code_signature.subject_name', type: 'string' },
  { name: 'process.code_signature.trusted', type: 'boolean' },
  { name: 'process.code_signature.exists', type: 'boolean' },
  { name: 'process.pid', type: 'number' },
  { name: 'destination.ip', type: 'ip' },
];

export const EQL_CATEGORIES: readonly string[] = ['network', 'process', 'Network'];

const IP_ADDRESSES: readonly string[] = [
  '10.1.2.3',
  '10.255.0.1',
  '192.168.1.20',
  '8.8.8.8',
  '::ffff:10.1.2.3',
  'fe80::1',
  '2001:db8::7',
  '010.1.2.3',
  'not-an-ip',
];
const CIDR_BLOCKS: readonly string[] = [
  '10.0.0.0/8',
  '192.168.0.0/16',
  '8.8.8.8',
  '0.0.0.0/0',
  'fe80::/10',
  '2001:db8::/32',
  '::ffff:10.0.0.0/104',
  '10.1.2.3/32',
];
const NUMBERS: readonly number[] = [0, 1, -1, 4, 42, 2.5, 1000];

/** A short string over `EQL_TEXT_CHARACTERS`. */
export function eqlText(maxLength = 6): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...EQL_TEXT_CHARACTERS), { maxLength }).map((characters) => characters.join(''));
}

/** Variants of a string that are likely to match it, or nearly: case changes and wildcards. */
function variantOf(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(text),
    fc.constant(text.toUpperCase()),
    fc.constant(text.toLowerCase()),
    fc
      .array(fc.constantFrom('keep', 'star', 'question', 'drop', 'upper'), { minLength: text.length, maxLength: text.length })
      .map((edits) =>
        Array.from(text)
          .map((character, index) => {
            switch (edits[index]) {
              case 'star':
                return '*';
              case 'question':
                return '?';
              case 'drop':
                return '';
              case 'upper':
                return character.toUpperCase();
              default:
                return character;
            }
          })
          .join(''),
      ),
    fc.constant(`*${Array.from(text).slice(1).join('')}`),
    fc.constant(`${Array.from(text).slice(0, -1).join('')}*`),
  );
}

/** An EQL double-quoted literal for `value`, escaped one of several equivalent ways. */
function stringLiteral(value: string): fc.Arbitrary<string> {
  const escaped = (unicode: boolean) => {
    let text = '"';
    for (const character of value) {
      const code = character.codePointAt(0) ?? 0;
      if (character === '"') text += '\\"';
      else if (character === '\\') text += '\\\\';
      else if (character === '\n') text += unicode ? '\\u{0A}' : '\\n';
      else if (character === '\t') text += unicode ? '\\u{09}' : '\\t';
      else if (character === "'" && unicode) text += "\\'";
      else if (unicode && code > 0x7f) text += `\\u{${code.toString(16).padStart(2, '0')}}`;
      else text += character;
    }
    return `${text}"`;
  };
  const variants = [fc.constant(escaped(false)), fc.constant(escaped(true))];
  // a raw string holds its text verbatim: no line breaks, and no `"""` or trailing quote
  if (!/[\r\n]/.test(value) && !value.includes('"""') && !value.endsWith('"')) variants.push(fc.constant(`"""${value}"""`));
  return fc.oneof(...variants);
}

/** A field reference, sometimes `?optional`, sometimes with backquoted segments. */
function fieldReference(name: string): fc.Arbitrary<string> {
  return fc
    .record({ optional: fc.boolean(), quoting: fc.constantFrom('plain', 'plain', 'segment', 'whole') })
    .map(({ optional, quoting }) => {
      const segments = name.split('.');
      const text =
        quoting === 'whole'
          ? `\`${name}\``
          : quoting === 'segment'
            ? segments.map((segment, index) => (index === 0 ? `\`${segment}\`` : segment)).join('.')
            : name;
      return optional ? `?${text}` : text;
    });
}

function numberLiteral(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** One predicate over one field, drawing literals from `pool`. */
function predicate(pool: readonly string[]): fc.Arbitrary<string> {
  const text = fc.constantFrom(...pool).chain(variantOf);
  const anyLiteral = fc.oneof(text.chain(stringLiteral), fc.constantFrom(...NUMBERS).map(numberLiteral), fc.constantFrom('true', 'false'));
  return fc.constantFrom(...EQL_FIELDS).chain((field) => {
    const reference = fieldReference(field.name);
    const candidates: fc.Arbitrary<string>[] = [
      fc.tuple(reference, fc.constantFrom('==', '!='), anyLiteral).map(([f, op, literal]) => `${f} ${op} ${literal}`),
      fc.tuple(reference, fc.constantFrom('==', '!=')).map(([f, op]) => `${f} ${op} null`),
      fc
        .tuple(
          reference,
          fc.constantFrom('<', '<=', '>', '>='),
          fc.oneof(text.chain(stringLiteral), fc.constantFrom(...NUMBERS).map(numberLiteral)),
        )
        .map(([f, op, literal]) => `${f} ${op} ${literal}`),
      // literal first: `0 <= process.pid`
      fc
        .tuple(reference, fc.constantFrom('<', '>=', '=='), fc.constantFrom(...NUMBERS).map(numberLiteral))
        .map(([f, op, literal]) => `${literal} ${op} ${f}`),
      fc
        .tuple(
          reference,
          fc.constantFrom(':', 'like', 'like~'),
          fc.array(text.chain(stringLiteral), { minLength: 1, maxLength: 3 }),
          fc.boolean(),
        )
        .map(([f, op, patterns, list]) => `${f} ${op} ${list || patterns.length > 1 ? `(${patterns.join(', ')})` : patterns[0]}`),
      fc
        .tuple(reference, fc.constantFrom('in', 'not in'), fc.array(anyLiteral, { minLength: 1, maxLength: 3 }))
        .map(([f, op, values]) => `${f} ${op} (${values.join(', ')})`),
      fc
        .tuple(reference, fc.constantFrom('in~', 'not in~'), fc.array(text.chain(stringLiteral), { minLength: 1, maxLength: 3 }))
        .map(([f, op, values]) => `${f} ${op} (${values.join(', ')})`),
      fc
        .tuple(
          fc.constantFrom('startsWith', 'endsWith', 'stringContains', 'startswith', 'STRINGCONTAINS'),
          fc.boolean(),
          reference,
          text.chain(stringLiteral),
        )
        .map(([name, tilde, f, literal]) => `${name}${tilde ? '~' : ''}(${f}, ${literal})`),
    ];
    if (field.type === 'ip') {
      candidates.push(
        fc
          .tuple(reference, fc.array(fc.constantFrom(...CIDR_BLOCKS), { minLength: 1, maxLength: 3 }))
          .map(([f, blocks]) => `cidrMatch(${f}, ${blocks.map((block) => `"${block}"`).join(', ')})`),
      );
    }
    return fc.oneof(...candidates);
  });
}

/** A condition: predicates combined with and / or / not and parentheses. */
function condition(pool: readonly string[], extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string> {
  const { tree } = fc.letrec<{ tree: string }>((recurse) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: predicate(pool), weight: 8 },
      { arbitrary: fc.constantFrom('true', 'false'), weight: 1 },
      ...extra.map((arbitrary) => ({ arbitrary, weight: 2 })),
      {
        arbitrary: fc
          .tuple(recurse('tree'), fc.constantFrom('and', 'or'), recurse('tree'))
          .map(([left, op, right]) => `${left} ${op} ${right}`),
        weight: 5,
      },
      { arbitrary: recurse('tree').map((inner) => `not ${inner}`), weight: 1 },
      { arbitrary: recurse('tree').map((inner) => `(${inner})`), weight: 1 },
      { arbitrary: recurse('tree').map((inner) => `not (${inner})`), weight: 1 },
    ),
  }));
  return tree;
}

function categoryPrefix(): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.constantFrom('any where ', 'network where ', '"network" where '), weight: 6 },
    { arbitrary: fc.constantFrom('process where ', 'Network where '), weight: 1 },
  );
}

/** A pool of texts for queries and events to share. */
export function eqlTextPool(): fc.Arbitrary<string[]> {
  return fc.array(eqlText(), { minLength: 1, maxLength: 4 });
}

/** A supported single-event query text (it passes `checkQuery`). */
export function eqlQuery(pool?: readonly string[]): fc.Arbitrary<string> {
  const pools = pool ? fc.constant([...pool]) : eqlTextPool();
  return pools.chain((texts) => fc.tuple(categoryPrefix(), condition(texts)).map(([prefix, body]) => prefix + body));
}

/** A query text that parses, using unsupported constructs too (for parser and printer properties). */
export function eqlSyntaxQuery(): fc.Arbitrary<string> {
  return eqlTextPool().chain((texts) => {
    const field = fc.constantFrom(...EQL_FIELDS).chain((spec) => fieldReference(spec.name));
    const value = fc.oneof(
      field,
      fc.constantFrom(...NUMBERS).map(numberLiteral),
      fc.constantFrom(...texts).chain(stringLiteral),
      fc.constant('null'),
    );
    const unsupported = [
      fc
        .tuple(value, fc.constantFrom('+', '-', '*', '/', '%'), value, fc.constantFrom('==', '<', '!='))
        .map(([a, op, b, cmp]) => `${a} ${op} ${b} ${cmp} 1`),
      fc.tuple(field, field).map(([a, b]) => `${a} == ${b}`),
      fc
        .tuple(field, fc.constantFrom('regex', 'regex~'), fc.constantFrom(...texts).chain(stringLiteral))
        .map(([f, op, p]) => `${f} ${op} ${p}`),
      fc
        .tuple(fc.constantFrom('length', 'substring', 'concat', 'add', 'between'), fc.array(value, { maxLength: 3 }))
        .map(([name, args]) => `${name}(${args.join(', ')}) == 2`),
      fc.tuple(field, value).map(([f, v]) => `-${f} < ${v}`),
      fc.tuple(fc.constantFrom('null', '1', '"a"'), field).map(([literal, f]) => `${literal} == (${f} > -1)`),
      field,
    ];
    const pipes = fc.array(
      fc.oneof(
        fc.constant(' | head 5'),
        fc.constant(' | tail 1'),
        field.map((f) => ` | unique ${f}`),
        condition(texts).map((c) => ` | filter ${c}`),
      ),
      { maxLength: 2 },
    );
    const comment = fc.constantFrom('', ' // trailing comment', ' /* block /* nested */ comment */');
    return fc
      .tuple(categoryPrefix(), condition(texts, unsupported), pipes, comment)
      .map(([prefix, body, pipeTexts, note]) => `${prefix}${body}${pipeTexts.join('')}${note}`);
  });
}

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** How one field is spelled in an event: nested objects, dotted keys, or a mixture. */
type Spelling = 'nested' | 'dotted' | 'mixed' | 'array-of-objects';

function insert(event: Record<string, JsonValue>, name: string, value: JsonValue, spelling: Spelling): void {
  const segments = name.split('.');
  if (spelling === 'dotted' || segments.length === 1) {
    event[name] = value;
    return;
  }
  if (spelling === 'array-of-objects') {
    if (!(segments[0] in event)) event[segments[0]] = [{ [segments.slice(1).join('.')]: value }];
    else event[name] = value;
    return;
  }
  // nested or mixed: walk existing objects, fall back to a dotted key when a value is in the way
  const depth = spelling === 'mixed' ? 1 : segments.length - 1;
  let node = event;
  for (let index = 0; index < depth; index++) {
    const existing = node[segments[index]];
    if (existing === undefined) {
      const child: Record<string, JsonValue> = {};
      node[segments[index]] = child;
      node = child;
    } else if (typeof existing === 'object' && existing !== null && !Array.isArray(existing)) {
      node = existing;
    } else {
      node[segments.slice(index).join('.')] = value;
      return;
    }
  }
  node[segments.slice(depth).join('.')] = value;
}

function leafValue(field: EqlFieldSpec, pool: readonly string[]): fc.Arbitrary<JsonValue> {
  const text = fc.oneof(fc.constantFrom(...pool), fc.constantFrom(...pool).chain(variantOf), eqlText());
  switch (field.type) {
    case 'string':
      return fc.oneof({ weight: 4, arbitrary: text }, fc.constantFrom<JsonValue>('', 42, true));
    case 'boolean':
      return fc.constantFrom<JsonValue>(true, false, 'true', 'false', '', 'TRUE', 1);
    case 'number':
      return fc.oneof(fc.constantFrom<JsonValue>(...NUMBERS), fc.constantFrom<JsonValue>('4', '4.0', '-1', '01', ' 4', 'x'));
    case 'ip':
      return fc.constantFrom<JsonValue>(...IP_ADDRESSES);
  }
}

function fieldValue(field: EqlFieldSpec, pool: readonly string[]): fc.Arbitrary<JsonValue> {
  const leaf = leafValue(field, pool);
  return fc.oneof(
    { weight: 6, arbitrary: leaf },
    { weight: 2, arbitrary: fc.array(fc.oneof(leaf, fc.constant(null)), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<JsonValue>(null, [], [null]) },
  );
}

/** An ECS-like event over `EQL_FIELDS`, fields spelled nested, dotted or mixed, values possibly arrays or null. */
export function eqlEvent(pool?: readonly string[]): fc.Arbitrary<Record<string, JsonValue>> {
  const pools = pool ? fc.constant([...pool]) : eqlTextPool();
  return pools.chain((texts) => {
    const entries = EQL_FIELDS.map((field) =>
      fc.option(fc.tuple(fieldValue(field, texts), fc.constantFrom<Spelling>('nested', 'nested', 'dotted', 'mixed', 'array-of-objects')), {
        freq: 3,
      }),
    );
    const category = fc.option(
      fc.tuple(
        fc.constantFrom<JsonValue>('network', ['network'], ['process', 'network'], 'Network', ['process'], [], null),
        fc.constantFrom<Spelling>('nested', 'dotted'),
      ),
      { freq: 8 },
    );
    return fc.tuple(category, fc.tuple(...entries)).map(([categoryEntry, fieldEntries]) => {
      const event: Record<string, JsonValue> = {};
      if (categoryEntry) insert(event, 'event.category', categoryEntry[0], categoryEntry[1]);
      EQL_FIELDS.forEach((field, index) => {
        const entry = fieldEntries[index];
        if (entry) insert(event, field.name, entry[0], entry[1]);
      });
      return event;
    });
  });
}

/** A supported query and events over the same vocabulary: the unit of differential tests. */
export function eqlCase(): fc.Arbitrary<{ query: string; events: Record<string, JsonValue>[] }> {
  return eqlTextPool().chain((pool) =>
    fc.record({ query: eqlQuery(pool), events: fc.array(eqlEvent(pool), { minLength: 1, maxLength: 8 }) }),
  );
}

/** Any text built from EQL's tokens, valid or not: for "never crashes" properties of the parser. */
export function eqlTokenSoup(): fc.Arbitrary<string> {
  const token = fc.oneof(
    fc.constantFrom(
      'process',
      'where',
      'any',
      'and',
      'or',
      'not',
      'in',
      'in~',
      'like',
      'like~',
      ':',
      '==',
      '!=',
      '<',
      '<=',
      '=',
      '(',
      ')',
      '[',
      ']',
      ',',
      '|',
    ),
    fc.constantFrom(
      'sequence',
      'join',
      'by',
      'until',
      'with',
      'maxspan',
      'of',
      'regex',
      'true',
      'false',
      'null',
      '?',
      '.',
      '-',
      '+',
      '*',
      '/',
      '%',
      '!',
      '~',
      '@x',
      '`a b`',
      '`',
    ),
    fc.constantFrom(
      '"a"',
      '"""raw"""',
      "'single'",
      '?"old"',
      '"unterminated',
      '"\\q"',
      '"\\u{zz}"',
      '"\\u{d800}"',
      '1',
      '2.5',
      '.5',
      '1e999',
      'x.y',
      'f(',
      '//c\n',
      '/* c',
      '*/',
    ),
    eqlText(3),
  );
  return fc.array(token, { maxLength: 12 }).map((tokens) => tokens.join(' '));
}
