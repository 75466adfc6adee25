// The engines every string-set test runs on: both builds of the core, each as a complete
// DFA and as a lazy DFA with a tiny cache (so flushes happen all the time).
import { loadMatcherModuleSync, type MatcherModule } from './module.js';
import type { StringSetCompileOptions } from './string-set.js';
import type { WasmVariant } from './wasm-file.js';

export interface Engine {
  readonly name: string;
  readonly variant: WasmVariant;
  readonly module: MatcherModule;
  readonly options: StringSetCompileOptions;
}

const modules = new Map<WasmVariant, MatcherModule>();

function moduleOf(variant: WasmVariant): MatcherModule {
  let module = modules.get(variant);
  if (module === undefined) {
    module = loadMatcherModuleSync(variant);
    modules.set(variant, module);
  }
  return module;
}

export const ENGINES: readonly Engine[] = (['node', 'fluentbit'] as const).flatMap((variant) => [
  { name: `${variant} dfa`, variant, module: moduleOf(variant), options: {} },
  { name: `${variant} lazy-dfa`, variant, module: moduleOf(variant), options: { maxDfaStates: 0, cacheStates: 4 } },
]);
