// The machine a run came from: figures mean little without it.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';

function cpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((text) => text.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall back to what Node sees
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine() {
  return {
    nproc: availableParallelism(),
    cpuModel: cpuModel(),
    node: process.version,
    os: `${type()} ${release()}`,
    totalMemoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export function loadAverage() {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}
