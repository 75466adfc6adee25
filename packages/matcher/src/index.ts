export { MatcherError, type MatcherErrorCode } from './errors.js';
export type { LineErrorCode, PlanLoadErrorCode } from './executor/codes.js';
export {
  loadPlan,
  PlanLoadError,
  RawExecutor,
  type RawExecutorInfo,
  type RawExecutorOptions,
  type RawLineError,
  type RawMatch,
  type RawScanOptions,
  type RawScanResult,
} from './executor/raw-executor.js';
export { loadMatcherModule, loadMatcherModuleSync, type MatcherModule } from './module.js';
export { encodeStringSetSpec, isWellFormedText, STRING_SET_MODES, type StringSetGroup, type StringSetMode } from './spec.js';
export {
  compileStringSet,
  compileStringSetSpec,
  StringSet,
  type StringSetCompileOptions,
  type StringSetInfo,
  type StringSetMatch,
} from './string-set.js';
export { type WasmVariant, wasmFilePath } from './wasm-file.js';
