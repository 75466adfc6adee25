#!/usr/bin/env node
// Committed launcher: `npm ci` links a workspace bin only if its target exists at install
// time, and dist/ is built later.
import('../dist/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/main.js')) {
    console.error('llm-egress: the CLI is not built yet; run `npm run build` at the repository root.');
    process.exit(2);
  }
  throw error;
});
