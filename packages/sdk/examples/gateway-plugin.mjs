// Example code allowlist: allow alerts from the company's own LLM gateway, identified by
// the SHA-256 of its signed binary (and, to be safe, by a trusted signature from its
// publisher). Load it with `plugins: ['examples/gateway-plugin.mjs']` or
// `llm-egress scan --plugin examples/gateway-plugin.mjs`.
//
// Configure with environment variables:
//   LLM_EGRESS_GATEWAY_SHA256  comma-separated SHA-256 hashes of approved gateway builds
//   LLM_EGRESS_GATEWAY_SIGNER  code-signing subject they must carry (default "Example Corp")

/** @typedef {import('@llm-egress/sdk').Plugin} Plugin */
/** @typedef {import('@llm-egress/sdk').Alert} Alert */

/** Values at a dotted path, whether the alert spells it nested, dotted or in arrays (ECS). */
function valuesAt(node, segments) {
  if (Array.isArray(node)) return node.flatMap((item) => valuesAt(item, segments));
  if (segments.length === 0) return node === null || node === undefined || typeof node === 'object' ? [] : [node];
  if (node === null || typeof node !== 'object') return [];
  const found = [];
  for (let end = 1; end <= segments.length; end++) {
    const key = segments.slice(0, end).join('.');
    if (Object.hasOwn(node, key)) found.push(...valuesAt(node[key], segments.slice(end)));
  }
  return found;
}

const first = (alert, path) => valuesAt(alert, path.split('.'))[0];

/**
 * @param {{ sha256: string[]; signer?: string }} options
 * @returns {Plugin}
 */
export function createGatewayPlugin(options) {
  let approved = new Set();
  let signer = 'Example Corp';
  const configure = ({ sha256, signer: publisher }) => {
    approved = new Set(sha256.map((hash) => hash.trim().toLowerCase()).filter((hash) => hash !== ''));
    signer = publisher || 'Example Corp';
  };
  if (options) configure(options);
  return {
    name: 'corp-llm-gateway',
    setup({ logger }) {
      // Loaded as a module: configured from the environment when the detector starts.
      if (!options)
        configure({ sha256: (process.env.LLM_EGRESS_GATEWAY_SHA256 ?? '').split(','), signer: process.env.LLM_EGRESS_GATEWAY_SIGNER });
      if (approved.size === 0) logger.warn('corp-llm-gateway: no approved hashes configured; it allows nothing');
      else logger.info?.(`corp-llm-gateway: ${approved.size} approved gateway build(s), signer ${signer}`);
    },
    /** @param {Alert} alert */
    allow(alert) {
      const hash = first(alert, 'process.hash.sha256');
      if (typeof hash !== 'string' || !approved.has(hash.toLowerCase())) return false;
      const trusted = first(alert, 'process.code_signature.trusted');
      const subject = first(alert, 'process.code_signature.subject_name');
      if ((trusted !== true && trusted !== 'true') || subject !== signer) return false;
      return `approved LLM gateway build ${hash.toLowerCase().slice(0, 12)}… signed by ${signer}`;
    },
  };
}

export default createGatewayPlugin();
