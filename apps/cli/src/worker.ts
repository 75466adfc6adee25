// Worker-thread entry for `scan --workers`; filled in by the CLI issue.
export {};
