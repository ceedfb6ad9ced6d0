// /docs works with no network: every script and stylesheet the page loads is on this origin and is served.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { REFERENCE_SCRIPT_PATH } from '../src/api/reference';
import { BASE, call, problemOf, testApp } from './helpers/app';

/** Every URL the page loads code or styles from: script src, stylesheet links, module imports. */
function loadedUrls(html: string): string[] {
  const urls: string[] = [];
  for (const [, src] of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) urls.push(src ?? '');
  for (const [tag = ''] of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/\brel\s*=\s*["']?(?:stylesheet|modulepreload|preload)/i.test(tag)) continue;
    urls.push(/\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1] ?? '');
  }
  for (const [, from] of html.matchAll(/\bimport\b[^'"]*?\bfrom\s*["']([^"']+)["']/g)) urls.push(from ?? '');
  for (const [, url] of html.matchAll(/@import\s+(?:url\()?["']?([^"')\s]+)/g)) urls.push(url ?? '');
  return urls;
}

describe('/docs offline', () => {
  const app = testApp();

  it('loads scripts and styles from this origin only, and each one is served', async () => {
    const page = await call(app, '/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const urls = loadedUrls(html);
    expect(urls).toContain(REFERENCE_SCRIPT_PATH);
    for (const url of urls) {
      // Same origin: resolved against the page, the URL keeps the page's origin.
      expect(new URL(url, `${BASE}/docs`).origin, url).toBe(new URL(BASE).origin);
      const asset = await call(app, new URL(url, `${BASE}/docs`).pathname);
      expect(asset.status, url).toBe(200);
      expect(asset.headers.get('Content-Type'), url).toMatch(
        /^(text\/javascript|application\/javascript|text\/css)/,
      );
      expect((await asset.arrayBuffer()).byteLength, url).toBeGreaterThan(0);
    }
  });

  it('serves the pinned Scalar bundle itself (the code that renders the page), not a stub', async () => {
    const script = await (await call(app, REFERENCE_SCRIPT_PATH)).text();
    expect(script.length).toBeGreaterThan(1_000_000);
    expect(script).toContain('createApiReference');
    // The same file the static-asset router serves in front of the Worker.
    const direct = await env.ASSETS.fetch(`${BASE}${REFERENCE_SCRIPT_PATH}`);
    expect(await direct.text()).toBe(script);
  });

  it('names no third-party origin: the page asks for no default fonts and no CDN', async () => {
    const page = await call(app, '/docs');
    const html = await page.text();
    expect(html).not.toMatch(/cdn\.jsdelivr|fonts\.scalar\.com|unpkg/);
    expect(html).toContain('"withDefaultFonts": false');
    expect(page.headers.get('Content-Security-Policy')).not.toMatch(/https?:|\/\//);
  });

  it('an unknown asset is a 404 problem, not a 500', async () => {
    const res = await call(app, '/docs/assets/nothing-here.js');
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe('not_found');
  });
});
