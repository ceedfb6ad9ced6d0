// GET /docs/migrations/v1-to-v2: the page the v1 `Link rel="deprecation"` points at (docs/migrations/v1-to-v2.md).
import type { Context } from 'hono';
import guide from '../../../docs/migrations/v1-to-v2.md';

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Migrating from /api/v1 to /api/v2</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main style="max-width: 50rem; margin: 2rem auto; font-family: system-ui, sans-serif; white-space: pre-wrap; line-height: 1.5">${escapeHtml(guide)}</main></body></html>`;

export const migrationGuide = (c: Context) => {
  c.header('Cache-Control', 'public, max-age=3600');
  return c.html(page);
};
