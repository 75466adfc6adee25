export { wasmFilePath, type WasmVariant } from './wasm-file.js';
export { loadMatcherModule, loadMatcherModuleSync, type MatcherModule } from './module.js';
export { MatcherError, type MatcherErrorCode } from './errors.js';
export { encodeStringSetSpec, isWellFormedText, STRING_SET_MODES, type StringSetGroup, type StringSetMode } from './spec.js';
export {
  compileStringSet,
  compileStringSetSpec,
  StringSet,
  type StringSetCompileOptions,
  type StringSetInfo,
  type StringSetMatch,
} from './string-set.js';
export { loadPlan, RawExecutor, PlanLoadError, type RawExecutorOptions, type RawScanOptions, type RawScanResult, type RawMatch, type RawLineError, type RawExecutorInfo } from './executor/raw-executor.js';
export type { LineErrorCode, PlanLoadErrorCode } from './executor/codes.js';
