import { workspaceVitestConfig } from '../../vitest.shared.mjs';

export default workspaceVitestConfig();
