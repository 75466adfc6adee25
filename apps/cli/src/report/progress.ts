/**
 * The progress bar on stderr (only on a terminal, and not with --no-progress): bytes read
 * of the total, events per second, alerts so far, ETA. Counts arrive from workers in any
 * order; the bar only needs totals.
 */
import cliProgress from 'cli-progress';
import { formatBytes, formatCount } from './format-numbers.js';

export interface Progress {
  add(update: { inputBytes: number; events: number; alerts: number }): void;
  /** erases the bar's line, so that text written to the same terminal starts clean; the bar comes back on its next redraw */
  clear(): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { add() {}, clear() {}, stop() {} };

export function createProgressBar(totalBytes: number, stream: NodeJS.WriteStream): Progress {
  const started = Date.now();
  let doneBytes = 0;
  let events = 0;
  let alerts = 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | {done} / {total_text} | {rate} events/s | {alerts} alerts | ETA {eta_formatted}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      // Redraw on every tick even when nothing changed: alerts written to the terminal
      // between ticks erase the bar (see clear()).
      forceRedraw: true,
      fps: 5,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  // cli-progress saves the cursor when it starts and restores it when it stops, which
  // would move the cursor back above any alerts printed meanwhile: keep it where it is.
  const terminal = (bar as unknown as { terminal: { cursorSave(): void; cursorRestore(): void } }).terminal;
  terminal.cursorSave = () => {};
  terminal.cursorRestore = () => {};
  const total = Math.max(totalBytes, 1);
  bar.start(total, 0, { done: formatBytes(0), total_text: formatBytes(totalBytes), rate: '0', alerts: '0' });
  return {
    add(update) {
      doneBytes += update.inputBytes;
      events += update.events;
      alerts += update.alerts;
      const seconds = Math.max(Date.now() - started, 1) / 1000;
      if (doneBytes > total) bar.setTotal(doneBytes);
      bar.update(Math.min(doneBytes, Math.max(total, doneBytes)), {
        done: formatBytes(doneBytes),
        total_text: formatBytes(Math.max(totalBytes, doneBytes)),
        rate: formatCount(events / seconds),
        alerts: formatCount(alerts),
      });
    },
    clear() {
      stream.write('\r\x1b[2K');
    },
    stop() {
      bar.stop();
    },
  };
}
