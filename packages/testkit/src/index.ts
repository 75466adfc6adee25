export { sharedDir, sharedPath, hasShared, SHARED_MISSING_MESSAGE } from './shared.js';
