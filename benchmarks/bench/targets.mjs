// The performance targets, checked against one benchmark run. A target is met only
// when it was measured and the fast side's answer was correct: a fast wrong answer never
// meets a speed target (the baseline's own correctness is shown in its row). Pure.

export const TARGETS = Object.freeze({
  rawWasmOverNaive: 20,
  rawWasmOverCat: 0.25,
  /** throughput at every pattern count ≥ (1 - this) × throughput at the smallest count */
  patternFlatness: 0.15,
  rawWasmOverNaiveAtTenPercent: 10,
  allWorkersOverOneWorker: 1.7,
  peakRssMb: 300,
});

/** The approaches that are llm-egress's own (the RSS target applies to them, not to cat or naive). */
export const OWN_APPROACHES = Object.freeze(['sdk-object', 'raw-wasm', 'raw-wasm-validate', 'cli-1-worker', 'cli-all-workers']);

/** The LLM share (of all events) at which the 10× target is judged. */
export const TEN_PERCENT = 0.1;

function status(measured, operator, threshold, correct) {
  if (measured === null || measured === undefined || !Number.isFinite(measured)) return { met: null, note: 'not measured' };
  if (!correct) return { met: false, note: 'wrong alerts' };
  return { met: operator === '>=' ? measured >= threshold : measured < threshold };
}

function target(id, description, measured, operator, threshold, unit, correct, extraNote) {
  const { met, note } = status(measured, operator, threshold, correct);
  const notes = [note, extraNote].filter((text) => text !== undefined && text !== '');
  return {
    id,
    description,
    measured: measured ?? null,
    operator,
    threshold,
    unit,
    met,
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}

/**
 * `run`: `{ approaches: [{ name, mbps, peakRssMb, ratioToCat, ratioToNaive, correct }],
 * dnsScaling: [{ patterns, scanMbps, correct }], llmShare: [{ share, naiveMbps,
 * rawWasmMbps, correct }], cpus }` (scaling lists may be empty when skipped).
 */
export function evaluateTargets(run) {
  const byName = new Map(run.approaches.map((approach) => [approach.name, approach]));
  const rawWasm = byName.get('raw-wasm');
  const naive = byName.get('naive');
  const cat = byName.get('cat');
  const targets = [];

  targets.push(
    target(
      'raw-wasm-over-naive',
      'raw-wasm ≥ 20× naive',
      rawWasm?.ratioToNaive,
      '>=',
      TARGETS.rawWasmOverNaive,
      '×',
      rawWasm?.correct === true && naive !== undefined,
    ),
  );
  targets.push(
    target(
      'raw-wasm-over-cat',
      'raw-wasm ≥ 0.25× cat',
      rawWasm?.ratioToCat,
      '>=',
      TARGETS.rawWasmOverCat,
      '×',
      rawWasm?.correct === true && cat !== undefined,
    ),
  );

  const dns = [...(run.dnsScaling ?? [])].sort((left, right) => left.patterns - right.patterns);
  if (dns.length >= 2) {
    const base = dns[0];
    const relative = dns.slice(1).map((row) => ({ patterns: row.patterns, value: row.scanMbps / base.scanMbps }));
    const worst = relative.reduce((low, row) => (row.value < low.value ? row : low));
    targets.push(
      target(
        'dns-patterns-flat',
        `raw-wasm flat within 15 % from ${base.patterns.toLocaleString('en-US')} to ${dns[dns.length - 1].patterns.toLocaleString('en-US')} DNS patterns (scan throughput, worst size ÷ smallest)`,
        worst.value,
        '>=',
        1 - TARGETS.patternFlatness,
        '×',
        dns.every((row) => row.correct === true),
        `worst at ${worst.patterns.toLocaleString('en-US')} patterns`,
      ),
    );
  } else {
    targets.push(
      target(
        'dns-patterns-flat',
        'raw-wasm flat within 15 % up to 13,000 DNS patterns',
        null,
        '>=',
        1 - TARGETS.patternFlatness,
        '×',
        false,
      ),
    );
  }

  const tenPercent = (run.llmShare ?? []).find((row) => row.share === TEN_PERCENT);
  targets.push(
    target(
      'raw-wasm-over-naive-at-10-percent',
      'raw-wasm ≥ 10× naive at 10 % LLM share',
      tenPercent ? tenPercent.rawWasmMbps / tenPercent.naiveMbps : null,
      '>=',
      TARGETS.rawWasmOverNaiveAtTenPercent,
      '×',
      tenPercent?.correct === true,
    ),
  );

  const oneWorker = byName.get('cli-1-worker');
  const allWorkers = byName.get('cli-all-workers');
  const workerRatio = oneWorker && allWorkers && oneWorker.mbps > 0 ? allWorkers.mbps / oneWorker.mbps : null;
  targets.push(
    target(
      'cli-workers',
      'cli-all-workers ≥ 1.7× cli-1-worker on 2 cores',
      workerRatio,
      '>=',
      TARGETS.allWorkersOverOneWorker,
      '×',
      oneWorker?.correct === true && allWorkers?.correct === true,
      run.cpus === 2 ? undefined : `this machine has ${run.cpus} CPUs, not 2`,
    ),
  );

  for (const name of OWN_APPROACHES) {
    const approach = byName.get(name);
    if (approach === undefined) continue;
    // Memory is not a speed: a wrong answer does not make its RSS figure meaningless.
    targets.push(target(`peak-rss-${name}`, `${name} peak RSS < 300 MB`, approach.peakRssMb, '<', TARGETS.peakRssMb, 'MB', true));
  }
  return targets;
}
