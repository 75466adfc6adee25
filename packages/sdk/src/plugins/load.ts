import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginError } from '../errors.js';
import type { Plugin } from './types.js';

/** Checks that a value is a plugin object; `file` names where it came from in errors. */
export function checkPlugin(value: unknown, file?: string): Plugin {
  const where = file !== undefined ? { file } : {};
  if (typeof value !== 'object' || value === null)
    throw new PluginError('PLUGIN_INVALID', 'a plugin must be an object with a name and an allow(alert) function', where);
  const candidate = value as Partial<Plugin>;
  if (typeof candidate.name !== 'string' || candidate.name === '')
    throw new PluginError('PLUGIN_INVALID', 'a plugin needs a non-empty string name', where);
  if (typeof candidate.allow !== 'function')
    throw new PluginError('PLUGIN_INVALID', `plugin ${candidate.name} has no allow(alert) function`, { ...where, plugin: candidate.name });
  if (candidate.setup !== undefined && typeof candidate.setup !== 'function')
    throw new PluginError('PLUGIN_INVALID', `plugin ${candidate.name}: setup must be a function`, { ...where, plugin: candidate.name });
  return candidate as Plugin;
}

/** Imports a plugin module (.js/.mjs/.cjs) whose default export is the plugin. */
export async function importPlugin(file: string): Promise<Plugin> {
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginError('PLUGIN_IMPORT', `cannot import plugin module: ${(error as Error).message}`, { file }, { cause: error });
  }
  let candidate = module.default;
  // A CommonJS module's `module.exports = { default: plugin }` arrives doubly wrapped.
  if (typeof candidate === 'object' && candidate !== null && 'default' in candidate && !('allow' in candidate))
    candidate = (candidate as { default: unknown }).default;
  if (candidate === undefined) throw new PluginError('PLUGIN_INVALID', 'the plugin module has no default export', { file });
  return checkPlugin(candidate, file);
}
