import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type WasmVariant, wasmFilePath } from './wasm-file.js';

export interface MatcherModule {
  readonly variant: WasmVariant;
  readonly exports: WebAssembly.Exports;
  readonly memory: WebAssembly.Memory;
  readonly simd: boolean;
}

const SUPPORTED_ABI_VERSION = 1;

function hostImports(): WebAssembly.Imports {
  return {
    env: {
      abort(_message: number, _file: number, line: number, column: number): never {
        throw new Error(`llm-egress WASM core aborted at ${line}:${column}`);
      },
    },
  };
}

function wrap(variant: WasmVariant, instance: WebAssembly.Instance): MatcherModule {
  const exports = instance.exports;
  const version = (exports.abiVersion as () => number)();
  if (version !== SUPPORTED_ABI_VERSION) {
    throw new Error(`llm-egress WASM core has ABI version ${version}; this loader supports ${SUPPORTED_ABI_VERSION}`);
  }
  return {
    variant,
    exports,
    memory: exports.memory as WebAssembly.Memory,
    simd: (exports.simdEnabled as () => number)() === 1,
  };
}

/** Instantiates the WASM core asynchronously (the usual entry point). */
export async function loadMatcherModule(variant: WasmVariant = 'node'): Promise<MatcherModule> {
  const bytes = await readFile(wasmFilePath(variant));
  const { instance } = await WebAssembly.instantiate(bytes, variant === 'node' ? hostImports() : {});
  return wrap(variant, instance);
}

/** Instantiates the WASM core synchronously, for callers that cannot await. */
export function loadMatcherModuleSync(variant: WasmVariant = 'node'): MatcherModule {
  const module = new WebAssembly.Module(readFileSync(wasmFilePath(variant)));
  return wrap(variant, new WebAssembly.Instance(module, variant === 'node' ? hostImports() : {}));
}
