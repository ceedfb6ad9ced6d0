// Types of copy-docs-assets.mjs, for vitest.config.ts.
export function copyDocsAssets(): void;
