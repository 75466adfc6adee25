/** Placeholder public surface until this package's own issue lands. */
export const packageName = '@llm-egress/adapter-node';
