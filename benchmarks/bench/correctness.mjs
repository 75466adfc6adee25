// Is an approach's answer right? Its alert line numbers, per rule, must equal the corpus's
// expected alerts exactly (no missing line, no extra line, no duplicate), and the line and
// malformed-line counts it reports must equal the corpus's. Pure.

const SHOWN_LINES = 5;

/** Sorted copy of a list of line numbers; throws on anything that is not a positive integer. */
function sortedLines(rule, lines) {
  if (!Array.isArray(lines)) throw new TypeError(`alerts of ${rule}: expected a list of line numbers`);
  for (const line of lines) {
    if (!Number.isSafeInteger(line) || line < 1) throw new TypeError(`alerts of ${rule}: not a line number: ${JSON.stringify(line)}`);
  }
  return [...lines].sort((left, right) => left - right);
}

/**
 * Compares two lists of line numbers as multisets: `missing` are expected lines the
 * approach did not report, `extra` are reported lines (duplicates included) not expected.
 */
export function diffLines(expected, actual) {
  const missing = [];
  const extra = [];
  let e = 0;
  let a = 0;
  while (e < expected.length || a < actual.length) {
    if (a >= actual.length || (e < expected.length && expected[e] < actual[a])) missing.push(expected[e++]);
    else if (e >= expected.length || actual[a] < expected[e]) extra.push(actual[a++]);
    else {
      e++;
      a++;
    }
  }
  return { missing, extra };
}

function listLines(lines) {
  const shown = lines.slice(0, SHOWN_LINES).join(', ');
  return lines.length > SHOWN_LINES ? `${shown}, …` : shown;
}

/**
 * Judges one run. `expectation`: `{ alerts: { rule: lines[] }, lines, malformed }`.
 * `output`: `{ alerts: { rule: lines[] }, lines?, malformed? }`, where a missing or null
 * count means "not reported" (e.g. malformed lines are exact only with validation).
 * Returns `{ correct, problems }`: one readable sentence per problem.
 */
export function judge(expectation, output) {
  const problems = [];
  const actualAlerts = output?.alerts;
  if (actualAlerts === null || typeof actualAlerts !== 'object' || Array.isArray(actualAlerts)) {
    return { correct: false, problems: ['no alerts object in the output'] };
  }
  for (const [rule, expectedLines] of Object.entries(expectation.alerts)) {
    if (!Object.hasOwn(actualAlerts, rule)) {
      problems.push(`${rule}: no alerts reported for this rule (expected ${expectedLines.length})`);
      continue;
    }
    const { missing, extra } = diffLines(sortedLines(rule, expectedLines), sortedLines(rule, actualAlerts[rule]));
    if (missing.length > 0)
      problems.push(`${rule}: ${missing.length} expected alert${missing.length === 1 ? '' : 's'} missing (line ${listLines(missing)})`);
    if (extra.length > 0)
      problems.push(`${rule}: ${extra.length} unexpected alert${extra.length === 1 ? '' : 's'} (line ${listLines(extra)})`);
  }
  for (const rule of Object.keys(actualAlerts)) {
    if (!Object.hasOwn(expectation.alerts, rule)) problems.push(`${rule}: alerts for a rule the corpus has no expectations for`);
  }
  for (const count of ['lines', 'malformed']) {
    const reported = output[count];
    if (reported === undefined || reported === null) continue;
    if (reported !== expectation[count]) problems.push(`${count}: reported ${reported}, the corpus has ${expectation[count]}`);
  }
  return { correct: problems.length === 0, problems };
}

/** Renames the rules of an output's alerts (`{ outputKey: expectedRuleId }`); keys not in the map stay. */
export function renameRules(alerts, names) {
  return Object.fromEntries(Object.entries(alerts).map(([rule, lines]) => [names[rule] ?? rule, lines]));
}
