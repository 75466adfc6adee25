import fc from 'fast-check';

/**
 * Vocabulary drawn from a rule (domains, process names, paths, signers) so that generated
 * events hit the rule's branches often instead of almost never. testkit is a leaf: the
 * caller extracts the vocabulary from the rule it tests.
 */
export interface RuleVocabulary {
  domains: string[];
  processNames: string[];
  executables: string[];
  signers: string[];
}

/** Turns a wildcard pattern into a concrete value that it matches (or nearly matches). */
function instantiate(pattern: string, fill: string, question: string): string {
  return pattern.replace(/\*/g, fill).replace(/\?/g, question);
}

const caseVariant = (text: string) =>
  fc.constantFrom(
    text,
    text.toUpperCase(),
    text.toLowerCase(),
    text.replace(/^./, (c) => c.toUpperCase()),
  );

/** A value near the vocabulary: exact, case-changed, wildcard-filled, or a near miss. */
export function nearValue(values: string[]): fc.Arbitrary<string> {
  if (values.length === 0) return fc.string();
  return fc
    .tuple(
      fc.constantFrom(...values),
      fc.constantFrom('', 'x', 'us-east-1', 'bob\\AppData', 'a.b', 'É', '😀', '\n'),
      fc.constantFrom('C', 'c', 'D', 'CC', '', '😀'),
      fc.constantFrom('none', 'case', 'trailing-dot', 'prefix', 'suffix', 'kelvin'),
    )
    .chain(([value, fill, question, mutation]) => {
      const concrete = instantiate(value, fill, question);
      switch (mutation) {
        case 'case':
          return caseVariant(concrete);
        case 'trailing-dot':
          return fc.constant(`${concrete}.`);
        case 'prefix':
          return fc.constant(`x${concrete}`);
        case 'suffix':
          return fc.constant(`${concrete}x`);
        case 'kelvin':
          return fc.constant(concrete.replace(/k/g, '\u212a'));
        default:
          return fc.constant(concrete);
      }
    });
}

/** Either a value, an array of values (with nulls), null, or absent. */
function sometimes<T>(value: fc.Arbitrary<T>): fc.Arbitrary<T | (T | null)[] | null | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: value },
    { weight: 1, arbitrary: fc.array(fc.oneof(value, fc.constant(null)), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function weighted<T>(...choices: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));
}

const booleanLike = fc.constantFrom<unknown>(true, false, 'true', 'false', '', 'TRUE', 1, 0, null);

/** Flat ECS-like facts of one endpoint event, before choosing how to nest them. */
export function ruleEventFacts(vocabulary: RuleVocabulary): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      'event.category': sometimes(weighted(['network', 6], ['process', 1], ['Network', 1], ['file', 1])),
      'host.os.type': sometimes(weighted(['windows', 5], ['macos', 3], ['linux', 1], ['Windows', 1])),
      'dns.question.name': sometimes(nearValue(vocabulary.domains)),
      'process.name': sometimes(fc.oneof(nearValue(vocabulary.processNames), fc.constantFrom('chrome.exe', 'svchost.exe', 'Safari'))),
      'process.executable': sometimes(nearValue(vocabulary.executables)),
      'process.code_signature.trusted': booleanLike,
      'process.code_signature.exists': booleanLike,
      'process.code_signature.subject_name': sometimes(nearValue(vocabulary.signers)),
    },
    { requiredKeys: [] },
  );
}

/**
 * Nests flat facts into an event: each dotted key is written fully nested, fully dotted,
 * or split at a random point (`{"process": {"code_signature.trusted": true}}`), as
 * shippers do.
 */
export function shapeEvent(facts: Record<string, unknown>, splits: number[]): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  Object.entries(facts).forEach(([key, value], index) => {
    if (value === undefined) return;
    const parts = key.split('.');
    const split = splits[index % Math.max(1, splits.length)] ?? parts.length;
    const depth = Math.max(1, Math.min(parts.length, split));
    const path = [...parts.slice(0, depth - 1), parts.slice(depth - 1).join('.')];
    let target = event;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment];
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) target = next as Record<string, unknown>;
      else {
        const created: Record<string, unknown> = {};
        target[segment] = created;
        target = created;
      }
    }
    target[path[path.length - 1]] = value;
  });
  return event;
}

/** Events shaped like ECS endpoint DNS events, often close to the rule's vocabulary. */
export function ruleEvent(vocabulary: RuleVocabulary): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(ruleEventFacts(vocabulary), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }))
    .map(([facts, splits]) => shapeEvent(facts, splits));
}
