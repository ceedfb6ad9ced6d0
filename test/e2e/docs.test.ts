// /docs over real HTTP against `wrangler dev`: the page and its script come from this origin (static assets).
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');

describe('/docs without a CDN', () => {
  it('serves the reference page and, through the static-asset router, the script it loads', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map(
      ([, src]) => src ?? '',
    );
    expect(scripts).toEqual(['/docs/assets/scalar-api-reference.js']);
    const script = await fetch(new URL(scripts[0] ?? '', base));
    expect(script.status).toBe(200);
    expect(script.headers.get('Content-Type')).toMatch(/javascript/);
    expect(await script.text()).toContain('createApiReference');
  });
});
