// ABI entry points of the llm-egress WebAssembly core. Every export takes and returns
// numbers only; the host passes bytes as (ptr, len) in memory it got from this module.
// Each area re-exports its own ABI file so that the automaton and the executor can
// grow without touching one shared file.

export * from './automaton/abi';
export * from './executor/abi';

/** ABI version; the TS loader refuses a module whose version it does not know. Called once at load. */
export function abiVersion(): i32 {
  return 1;
}

/** 1 when this build was compiled with WASM SIMD (Node build), 0 for the scalar (Fluent Bit) build. */
export function simdEnabled(): i32 {
  return ASC_FEATURE_SIMD ? 1 : 0;
}
