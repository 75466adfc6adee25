import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts', 'src/worker.ts'],
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node20',
});
