// Measures a set of (approach, file, rules) entries: runs them round-robin, so that a burst
// of load on this shared machine spreads over every approach instead of landing on one,
// judges every run's answer, and summarises medians.
import { approachCommand } from './approaches.mjs';
import { judge, renameRules } from './correctness.mjs';
import { runMeasured } from './processes.mjs';
import { kilobytesToMb, median, throughput } from './statistics.mjs';

/**
 * `entries`: `[{ label, name, file, bytes, events, rules, expectation, ruleNames }]`
 * (`expectation` null for cat; `ruleNames` maps the approach's rule keys to the
 * expectation's). `settings`: `{ runs, slowRunSeconds, cpus, scratchDirectory, gnuTime, log }`.
 * Returns one summary per entry, in order.
 */
export async function measureEntries(entries, settings) {
  const { runs, slowRunSeconds, log } = settings;
  const states = entries.map((entry) => ({ entry, runs: [], problems: [], failed: false }));
  const warmed = new Set();
  for (let round = 0; round < runs; round++) {
    for (const state of states) {
      if (state.failed) continue;
      // Judged on CPU time where known, so that how many runs an approach gets does not
      // depend on how busy the machine happens to be.
      if (round > 0 && (state.runs[0].cpuSeconds ?? state.runs[0].seconds) > slowRunSeconds) continue;
      const { entry } = state;
      if (!warmed.has(entry.file)) {
        // Untimed read first: every approach then reads the file from the page cache.
        await runMeasured('cat', [entry.file], { stdout: 'discard' });
        warmed.add(entry.file);
      }
      const spec = approachCommand(entry.name, {
        file: entry.file,
        rules: entry.rules,
        cpus: settings.cpus,
        scratchDirectory: settings.scratchDirectory,
        gnuTime: settings.gnuTime,
      });
      const result = await runMeasured(spec.command, spec.args, {
        stdout: spec.stdout,
        timed: spec.timed,
        scratchDirectory: settings.scratchDirectory,
      });
      if (result.code !== 0) {
        state.failed = true;
        state.problems.push(
          `run ${round + 1} exited with status ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`,
        );
        log(`${entry.label}: run ${round + 1} FAILED (exit ${result.code})`);
        continue;
      }
      let output;
      try {
        output = await spec.read(result);
      } catch (error) {
        state.failed = true;
        state.problems.push(`run ${round + 1}: ${error.message}`);
        log(`${entry.label}: run ${round + 1} FAILED: ${error.message}`);
        continue;
      }
      let verdict = { correct: null, problems: [] };
      if (entry.expectation !== null) {
        verdict = judge(entry.expectation, {
          alerts: output.alerts === null ? null : renameRules(output.alerts, entry.ruleNames ?? {}),
          lines: output.lines,
          malformed: output.malformed,
        });
        for (const problem of verdict.problems) if (!state.problems.includes(problem)) state.problems.push(problem);
      }
      state.runs.push({ seconds: result.seconds, ...output, correct: verdict.correct });
      const mbps = entry.bytes / 1e6 / result.seconds;
      const answer = verdict.correct === null ? '' : verdict.correct ? ', correct' : ', WRONG ANSWER';
      log(`${entry.label}: run ${round + 1}: ${result.seconds.toFixed(2)} s (${mbps.toFixed(1)} MB/s${answer})`);
    }
  }
  return states.map(summarise);
}

function medianOf(runs, key) {
  const values = runs.map((run) => run[key]);
  return values.length > 0 && values.every((value) => typeof value === 'number' && Number.isFinite(value)) ? median(values) : null;
}

function summarise({ entry, runs, problems, failed }) {
  const base = { label: entry.label, name: entry.name, runs: runs.length, problems };
  if (runs.length === 0) {
    return {
      ...base,
      seconds: null,
      mbps: null,
      eventsPerSec: null,
      scanMbps: null,
      scanCpuMbps: null,
      cpuMbps: null,
      setupSeconds: null,
      cpuSeconds: null,
      peakRssMb: null,
      correct: entry.expectation === null ? null : false,
      info: null,
    };
  }
  const seconds = median(runs.map((run) => run.seconds));
  const { mbps, eventsPerSec } = throughput(entry.bytes, entry.events, seconds);
  const scanSeconds = medianOf(runs, 'scanSeconds');
  const scanCpuSeconds = medianOf(runs, 'scanCpuSeconds');
  const cpuSeconds = medianOf(runs, 'cpuSeconds');
  const perSecond = (value) => (value === null || value <= 0 ? null : entry.bytes / 1e6 / value);
  const rss = runs.map((run) => run.maxRssKb).filter((value) => typeof value === 'number');
  const correct = entry.expectation === null ? null : !failed && runs.every((run) => run.correct === true);
  return {
    ...base,
    seconds,
    secondsPerRun: runs.map((run) => run.seconds),
    mbps,
    eventsPerSec,
    scanMbps: perSecond(scanSeconds),
    scanCpuMbps: perSecond(scanCpuSeconds),
    cpuMbps: perSecond(cpuSeconds),
    setupSeconds: medianOf(runs, 'setupSeconds'),
    cpuSeconds,
    // The worst run: a peak is a peak.
    peakRssMb: rss.length === runs.length ? kilobytesToMb(Math.max(...rss)) : null,
    correct,
    info: runs[0].info ?? null,
  };
}
