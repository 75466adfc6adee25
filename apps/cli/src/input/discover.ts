import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, errorMessage } from '../errors.js';

/** One input of a scan, in scan order. */
export type InputSource =
  | {
      kind: 'file';
      /** path to open */
      path: string;
      /** path as the user gave it (joined with names found under a directory) */
      display: string;
      /** size in bytes for regular files; null for pipes and devices */
      size: number | null;
    }
  | { kind: 'stdin'; display: '-' };

/** Names a directory walk picks up: NDJSON or JSON, optionally gzip-compressed. */
export const EVENT_FILE_PATTERN = /\.(ndjson|jsonl|json)(\.gz)?$/i;

export interface Discovery {
  inputs: InputSource[];
  /** files under directories that were passed over because of their extension */
  skippedFiles: number;
  /** directories given by the user in which no event file was found */
  emptyDirectories: string[];
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file or directory`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    default:
      return `${path}: cannot read: ${errorMessage(error)}`;
  }
}

/** Code-unit order: the same on every machine and locale. */
function byName(left: Dirent, right: Dirent): number {
  return left.name < right.name ? -1 : left.name > right.name ? 1 : 0;
}

async function statOrFail(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw new CliError(describeFsError(path, error));
  }
}

/**
 * Expands the user's paths into the ordered list of inputs: files as given (any name),
 * directories recursively in sorted order with hidden entries (names starting with '.')
 * skipped and only event files kept, `-` as standard input. Missing or unreadable paths
 * are a CliError (exit 2) before anything is scanned.
 */
export async function discoverInputs(paths: string[]): Promise<Discovery> {
  const discovery: Discovery = { inputs: [], skippedFiles: 0, emptyDirectories: [] };
  let stdinSeen = false;
  for (const given of paths) {
    if (given === '-') {
      if (stdinSeen) throw new CliError('-: standard input can be given only once');
      stdinSeen = true;
      discovery.inputs.push({ kind: 'stdin', display: '-' });
      continue;
    }
    const stats = await statOrFail(given);
    if (stats.isDirectory()) {
      const before = discovery.inputs.length;
      await walkDirectory(given, discovery, new Set([await realpath(given)]));
      if (discovery.inputs.length === before) discovery.emptyDirectories.push(given);
    } else {
      discovery.inputs.push({ kind: 'file', path: given, display: given, size: stats.isFile() ? stats.size : null });
    }
  }
  return discovery;
}

async function walkDirectory(path: string, discovery: Discovery, visited: Set<string>): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    throw new CliError(describeFsError(path, error));
  }
  entries.sort(byName);
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    // The path as the user gave it, joined with the names below it: what reports show.
    const childPath = join(path, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let size: number | null = null;
    if (entry.isSymbolicLink() || isFile) {
      const stats = await statOrFail(childPath);
      isDirectory = stats.isDirectory();
      isFile = stats.isFile();
      size = stats.size;
    }
    if (isDirectory) {
      // Follow links to directories, but never around a cycle.
      const real = await realpath(childPath);
      if (visited.has(real)) continue;
      visited.add(real);
      await walkDirectory(childPath, discovery, visited);
    } else if (isFile && EVENT_FILE_PATTERN.test(entry.name)) {
      discovery.inputs.push({ kind: 'file', path: childPath, display: childPath, size });
    } else {
      discovery.skippedFiles++;
    }
  }
}
