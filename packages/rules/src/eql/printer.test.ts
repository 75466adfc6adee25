import { eqlQuery, eqlSyntaxQuery } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripLocations } from './ast.js';
import { checkQuery } from './checker.js';
import { parseQuery } from './parser.js';
import { printQuery, printString } from './printer.js';

function parsed(text: string) {
  const result = parseQuery(text);
  if (!result.query) throw new Error(`does not parse: ${text}\n${result.diagnostics.map((d) => d.message).join('\n')}`);
  return result.query;
}

describe('printQuery', () => {
  it.each([
    ['network where a == 1', 'network where a == 1'],
    ['any where (a == 1 or b == 2) and c == 3', 'any where (a == 1 or b == 2) and c == 3'],
    ['any where a == 1 or b == 2 and c == 3', 'any where a == 1 or b == 2 and c == 3'],
    ['any where (a == 1 and b == 2) and c == 3', 'any where (a == 1 and b == 2) and c == 3'],
    ['any where not (a == 1 and b == 2)', 'any where not (a == 1 and b == 2)'],
    ['any where not not a : "x"', 'any where not not a : "x"'],
    ['any where ?a.`b c`.d : ("x")', 'any where ?a.`b c`.d : ("x")'],
    ['any where `a.b` like~ "x"', 'any where `a.b` like~ "x"'],
    ['"my category" where x not in~ ("a", "B")', '"my category" where x not in~ ("a", "B")'],
    ['"any" where true', '"any" where true'],
    ['any where 0 <= exit_code', 'any where 0 <= exit_code'],
    ['any where null == (exit_code > -1)', 'any where null == (exit_code > -1)'],
    ['any where a - -1 == (b - c) - d', 'any where a - -1 == b - c - d'],
    ['any where a - (b - c) == 1', 'any where a - (b - c) == 1'],
    ['any where a * (b + c) == -x', 'any where a * (b + c) == -x'],
    ['any where startsWith~(a, """C:\\x""") | head 5 | filter b', 'any where startsWith~(a, "C:\\\\x") | head 5 | filter b'],
    ['any where a == "\\u{00}\\u{7F}"', 'any where a == "\\u{00}\\u{7f}"'],
  ])('%s', (source, printed) => {
    expect(printQuery(parsed(source))).toBe(printed);
  });

  it('escapes what the lexer decodes', () => {
    expect(printString('a"b\\c\nd\te\r\b\f')).toBe('"a\\"b\\\\c\\nd\\te\\r\\b\\f"');
    expect(printString('é😀\u212A')).toBe('"é😀\u212A"');
  });

  it('prints the flagship rule back to an equal tree', () => {
    const source = `network where host.os.type == "windows" and dns.question.name != null and
      (process.name : ("MSBuild.exe", "*.com") or ?process.code_signature.subject_name : ("AutoIt Consulting Ltd") or
       (process.executable : ("?:\\\\Users\\\\*.exe") and (?process.code_signature.trusted == false or ?process.code_signature.exists == false)))
      and dns.question.name : ("api.openai.com", // comment
        "*.openai.azure.com") and not process.executable : ("?:\\\\Program Files\\\\*.exe")`;
    const query = parsed(source);
    expect(stripLocations(parsed(printQuery(query)))).toEqual(stripLocations(query));
  });
});

describe('round trip: parse(print(parse(q))) equals parse(q) ignoring locations', () => {
  it('for supported queries', () => {
    fc.assert(
      fc.property(eqlQuery(), (text) => {
        const query = parsed(text);
        expect(checkQuery(query)).toEqual([]);
        const printed = printQuery(query);
        expect(stripLocations(parsed(printed))).toEqual(stripLocations(query));
        // printing is a fixed point after one round
        expect(printQuery(parsed(printed))).toBe(printed);
      }),
      { numRuns: 1500 },
    );
  });

  it('for queries using unsupported constructs', () => {
    fc.assert(
      fc.property(eqlSyntaxQuery(), (text) => {
        const query = parsed(text);
        expect(stripLocations(parsed(printQuery(query)))).toEqual(stripLocations(query));
      }),
      { numRuns: 1500 },
    );
  });
});
