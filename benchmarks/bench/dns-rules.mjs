// Rule files for the DNS-set scaling table: the bundled `llm-endpoints` query with extra
// synthetic `dns.question.name` patterns, in the same shapes as the real ones (exact names,
// `*.suffix`, and a middle wildcard like `bedrock-runtime.*.amazonaws.com`), in the same
// proportions. Every synthetic pattern ends in `.invalid`, a top-level domain reserved by
// RFC 2606 that the corpus generator never produces, so no extra pattern can match a corpus
// name and the corpus's expected alerts for `llm-endpoints` stay exactly right.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childExpressions, fieldName, loadRules, ruleQuery } from '@llm-egress/rules';

const DNS_FIELD = 'dns.question.name';
const LIST_OPENING = /dns\.question\.name\s*:\s*\(/;
const SYLLABLES = [
  'ai',
  'api',
  'lab',
  'mind',
  'gen',
  'llm',
  'neo',
  'chat',
  'core',
  'flux',
  'sky',
  'byte',
  'tensor',
  'vox',
  'sage',
  'nova',
  'deep',
  'zen',
  'quant',
  'orbit',
];
const HOST_LABELS = ['api', 'inference', 'gateway', 'chat', 'models', 'router', 'eu', 'us'];

/** A small deterministic PRNG (mulberry32): the same seed gives the same rule files. */
function generator(seed) {
  let state = seed >>> 0;
  return (bound) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * bound;
  };
}

/** The quoted patterns of the query's `dns.question.name : (…)` list, and where that list ends. */
export function dnsPatternList(query) {
  const opening = LIST_OPENING.exec(query);
  if (!opening) throw new Error('the query has no `dns.question.name : (…)` list');
  const start = opening.index + opening[0].length;
  const patterns = [];
  const literal = /\s*,?\s*"((?:[^"\\]|\\.)*)"/y;
  let position = start;
  for (;;) {
    literal.lastIndex = position;
    const match = literal.exec(query);
    if (!match) break;
    patterns.push(match[1]);
    position = literal.lastIndex;
  }
  const close = /\s*\)/y;
  close.lastIndex = position;
  if (!close.exec(query)) throw new Error(`the \`dns.question.name\` list is not a plain list of strings (stopped at offset ${position})`);
  return { patterns, start, end: position };
}

/** Shares of each pattern shape in a list: `*.suffix`, a wildcard elsewhere, or exact. */
export function patternShapes(patterns) {
  let suffix = 0;
  let middle = 0;
  for (const pattern of patterns) {
    if (pattern.startsWith('*.') && !pattern.slice(2).includes('*') && !pattern.includes('?')) suffix++;
    else if (pattern.includes('*') || pattern.includes('?')) middle++;
  }
  const total = patterns.length;
  return { suffix: suffix / total, middle: middle / total, exact: (total - suffix - middle) / total };
}

/** `count` distinct synthetic patterns under `.invalid`, in the given shape proportions. */
export function syntheticPatterns(count, shapes, seed = 1) {
  const random = generator(seed);
  const pick = (list) => list[Math.floor(random(list.length))];
  const word = () => `${pick(SYLLABLES)}${pick(SYLLABLES)}${Math.floor(random(1000))}`;
  const seen = new Set();
  const patterns = [];
  while (patterns.length < count) {
    const roll = random(1);
    const domain = `${word()}.invalid`;
    const pattern =
      roll < shapes.suffix
        ? `*.${domain}`
        : roll < shapes.suffix + shapes.middle
          ? `${pick(HOST_LABELS)}.*.${domain}`
          : `${pick(HOST_LABELS)}.${domain}`;
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    patterns.push(pattern);
  }
  return patterns;
}

/**
 * Number of `dns.question.name` wildcard patterns in a parsed query. (Counted on the AST,
 * not on a compiled plan: compiling thousands of patterns is itself slow, and is measured
 * as the approach's setup time instead.)
 */
export function countDnsPatterns(query) {
  let count = 0;
  const visit = (expression) => {
    if (expression.kind === 'wildcard' && fieldName(expression.field) === DNS_FIELD) count += expression.patterns.length;
    for (const child of childExpressions(expression)) visit(child);
  };
  visit(query.where);
  return count;
}

/**
 * Writes `<directory>/llm-endpoints-dns-<total>.eql` for each total and checks, by loading
 * (parsing and checking) each file, that its DNS set holds exactly `total` patterns.
 * Returns `[{ patterns, file, synthetic }]`.
 */
export function writeScaledRuleFiles(directory, totals, seed = 1) {
  const [rule] = loadRules('llm-endpoints');
  const { patterns: base, end } = dnsPatternList(rule.query);
  const shapes = patternShapes(base);
  mkdirSync(directory, { recursive: true });
  return totals.map((total) => {
    if (total < base.length)
      throw new RangeError(`cannot scale the DNS set down to ${total} patterns: the bundled rule has ${base.length}`);
    const extra = syntheticPatterns(total - base.length, shapes, seed);
    const insertion = extra.map((pattern) => `,\n  "${pattern}"`).join('');
    const query = rule.query.slice(0, end) + insertion + rule.query.slice(end);
    const frontMatter = [
      '---',
      `name: ${JSON.stringify(`${rule.name} (DNS set scaled to ${total} patterns for benchmarks)`)}`,
      `rule_id: ${JSON.stringify(rule.ruleId)}`,
      `severity: ${rule.severity}`,
      `risk_score: ${rule.riskScore}`,
      `version: ${rule.version}`,
      '---',
      '',
    ].join('\n');
    const file = join(directory, `llm-endpoints-dns-${total}.eql`);
    writeFileSync(file, `${frontMatter}${query.trim()}\n`);
    const [loaded] = loadRules(file);
    const counted = countDnsPatterns(ruleQuery(loaded));
    if (counted !== total) throw new Error(`${file}: expected ${total} dns.question.name patterns after loading, found ${counted}`);
    return { patterns: total, file, synthetic: extra.length };
  });
}
