import { fileURLToPath } from 'node:url';

/** The two builds of the same AssemblyScript sources (see scripts/build-wasm.mjs). */
export type WasmVariant = 'node' | 'fluentbit';

/** Absolute path of a built `.wasm` file, resolved from this module (works from src/ and dist/). */
export function wasmFilePath(variant: WasmVariant): string {
  return fileURLToPath(new URL(`../wasm/matcher.${variant}.wasm`, import.meta.url));
}
