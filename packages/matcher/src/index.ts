export { wasmFilePath, type WasmVariant } from './wasm-file.js';
export { loadMatcherModule, loadMatcherModuleSync, type MatcherModule } from './module.js';
