/**
 * Writes alerts as they come, in input order: `ndjson` (one alert per line), `json` (one
 * array, streamed) or `table` (for people at a terminal). Writes wait for the destination
 * to drain, so a slow reader slows the scan instead of growing memory.
 */
import type { Writable } from 'node:stream';
import pc from 'picocolors';
import type { Alert } from '../engine/engine.js';
import { sourceOf, textAt } from './alert-fields.js';

export type OutputFormat = 'table' | 'ndjson' | 'json';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'ndjson', 'json'];

export interface AlertOutput {
  write(alerts: Alert[]): Promise<void>;
  /** writes what the format needs at the end, flushes, and ends the destination if asked to */
  finish(options?: { end: boolean }): Promise<void>;
}

/**
 * Writes to the destination, waiting for it to drain when its buffer is full. An error
 * the destination reports later (a full disk shows up after a buffered write) is kept and
 * thrown by the next write or by `finish`.
 */
class Destination {
  private error: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error: Error) => {
      this.error ??= error;
    });
  }

  private check(): void {
    // `errored` holds the first error even before the 'error' event has been emitted.
    const error = this.stream.errored ?? this.error;
    if (error) throw error;
  }

  async write(text: string): Promise<void> {
    this.check();
    if (text.length === 0 || this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.stream.off('drain', done);
        this.stream.off('error', done);
        this.stream.off('close', done);
        resolve();
      };
      this.stream.on('drain', done);
      this.stream.on('error', done);
      this.stream.on('close', done);
    });
    this.check();
  }

  /** Flushes what is buffered (ends the stream when it is ours to end) and reports any error. */
  async flush(end: boolean): Promise<void> {
    this.check();
    // The callbacks receive the error, which may be emitted as an event only afterwards.
    const settle = (resolve: () => void) => (error?: Error | null) => {
      if (error) this.error ??= this.stream.errored ?? error;
      resolve();
    };
    await new Promise<void>((resolve) => {
      if (end) this.stream.end(settle(resolve));
      else this.stream.write('', settle(resolve));
    });
    this.check();
  }
}

class NdjsonOutput implements AlertOutput {
  constructor(private readonly destination: Destination) {}

  async write(alerts: Alert[]): Promise<void> {
    let text = '';
    for (const alert of alerts) text += `${JSON.stringify(alert)}\n`;
    await this.destination.write(text);
  }

  async finish(options = { end: false }): Promise<void> {
    await this.destination.flush(options.end);
  }
}

class JsonOutput implements AlertOutput {
  private written = 0;

  constructor(private readonly destination: Destination) {}

  async write(alerts: Alert[]): Promise<void> {
    let text = '';
    for (const alert of alerts) {
      text += `${this.written === 0 ? '[\n' : ',\n'}${JSON.stringify(alert)}`;
      this.written++;
    }
    await this.destination.write(text);
  }

  async finish(options = { end: false }): Promise<void> {
    await this.destination.write(this.written === 0 ? '[]\n' : '\n]\n');
    await this.destination.flush(options.end);
  }
}

interface Column {
  title: string;
  width: number;
  cell(alert: Alert): string;
}

const TABLE_COLUMNS: Column[] = [
  { title: 'TIME', width: 27, cell: (alert) => textAt(alert, '@timestamp') },
  { title: 'HOST', width: 16, cell: (alert) => textAt(alert, 'host.name') },
  { title: 'PROCESS', width: 18, cell: (alert) => textAt(alert, 'process.name') },
  { title: 'DOMAIN', width: 34, cell: (alert) => textAt(alert, 'dns.question.name') },
  { title: 'PROVIDER', width: 14, cell: (alert) => textAt(alert, 'llm_egress.provider.name') },
  { title: 'SOURCE', width: 0, cell: sourceOf },
];

/** Fits text to a column: control characters shown as spaces, long text cut with '…'. */
function fit(text: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a table cell must not print
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (width === 0) return clean;
  const characters = Array.from(clean);
  if (characters.length > width) return `${characters.slice(0, width - 1).join('')}…`;
  return clean + ' '.repeat(width - characters.length);
}

class TableOutput implements AlertOutput {
  private written = 0;

  constructor(
    private readonly destination: Destination,
    private readonly color: boolean,
  ) {}

  private row(cells: string[]): string {
    return `${cells.join('  ').trimEnd()}\n`;
  }

  async write(alerts: Alert[]): Promise<void> {
    let text = '';
    if (this.written === 0 && alerts.length > 0) {
      const header = this.row(TABLE_COLUMNS.map((column) => fit(column.title, column.width)));
      text += this.color ? pc.bold(header) : header;
    }
    for (const alert of alerts) {
      const cells = TABLE_COLUMNS.map((column) => fit(column.cell(alert), column.width));
      if (this.color) cells[3] = pc.red(cells[3]);
      text += this.row(cells);
      this.written++;
    }
    await this.destination.write(text);
  }

  async finish(options = { end: false }): Promise<void> {
    if (this.written === 0) await this.destination.write('No alerts.\n');
    await this.destination.flush(options.end);
  }
}

export function createAlertOutput(format: OutputFormat, stream: Writable, options: { color: boolean }): AlertOutput {
  const destination = new Destination(stream);
  switch (format) {
    case 'ndjson':
      return new NdjsonOutput(destination);
    case 'json':
      return new JsonOutput(destination);
    case 'table':
      return new TableOutput(destination, options.color);
  }
}
