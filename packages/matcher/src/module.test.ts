import { describe, expect, it } from 'vitest';
import { loadMatcherModule, loadMatcherModuleSync } from './index.js';

describe('WASM core loading', () => {
  it('loads the Node build with SIMD and the Fluent Bit build without', async () => {
    const node = await loadMatcherModule('node');
    expect(node.simd).toBe(true);
    const fluentbit = loadMatcherModuleSync('fluentbit');
    expect(fluentbit.simd).toBe(false);
  });

  it('builds the Fluent Bit variant with no imports at all', async () => {
    const { readFileSync } = await import('node:fs');
    const { wasmFilePath } = await import('./index.js');
    const module = new WebAssembly.Module(readFileSync(wasmFilePath('fluentbit')));
    expect(WebAssembly.Module.imports(module)).toEqual([]);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(
      expect.arrayContaining(['__new', '__pin', '__unpin', '__collect', 'memory']),
    );
  });
});
