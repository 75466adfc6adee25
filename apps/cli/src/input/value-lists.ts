/**
 * `--value-list <id>=<file>`: the values of an Elastic value list, which exception-list
 * exports refer to by id but do not contain. The file holds one value per line (Elastic's
 * own value-list export format) or one JSON array of strings.
 */
import { readFile } from 'node:fs/promises';
import { CliError, errorMessage, UsageError } from '../errors.js';

export function parseValueListArgument(argument: string): { id: string; file: string } {
  const separator = argument.indexOf('=');
  if (separator <= 0 || separator === argument.length - 1) {
    throw new UsageError(`--value-list expects <list id>=<file>, got '${argument}'`);
  }
  return { id: argument.slice(0, separator), file: argument.slice(separator + 1) };
}

export function parseValueListText(text: string, file: string): string[] {
  if (text.trimStart().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file}: invalid JSON: ${errorMessage(error)}`);
    }
    if (!Array.isArray(parsed) || parsed.some((value) => typeof value !== 'string')) {
      throw new CliError(`${file}: expected a JSON array of strings`);
    }
    return parsed as string[];
  }
  return text.split(/\r?\n/).filter((line) => line.length > 0);
}

export async function readValueLists(arguments_: string[]): Promise<Record<string, string[]>> {
  const lists: Record<string, string[]> = {};
  for (const argument of arguments_) {
    const { id, file } = parseValueListArgument(argument);
    if (id in lists) throw new UsageError(`--value-list: list '${id}' is given twice`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`${file}: cannot read value list '${id}': ${errorMessage(error)}`);
    }
    lists[id] = parseValueListText(text, file);
  }
  return lists;
}
