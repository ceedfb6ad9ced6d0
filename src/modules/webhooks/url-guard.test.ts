import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './url-guard';

const strict = { allowPrivate: false };

describe('the webhook URL guard', () => {
  it('refuses every private, loopback, link-local or reserved address in any spelling the URL parser accepts', () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://127.1/',
      'https://2130706433/',
      'https://0x7f.0.0.1/',
      'https://0.0.0.0/',
      'https://10.0.0.1/',
      'https://172.16.5.4/',
      'https://192.168.1.1/',
      'https://100.64.0.1/',
      'https://169.254.169.254/',
      'https://224.0.0.1/',
      'https://[::1]/',
      'https://[::]/',
      'https://[fe80::1]/',
      'https://[fc00::1]/',
      'https://[fd12:3456::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:a9fe:a9fe]/',
      'https://[64:ff9b::a00:1]/',
      'https://[2002:7f00:1::]/',
      'https://localhost/',
      'https://LOCALHOST./',
      'https://api.localhost/',
      'https://nas.local/',
      'https://metadata.google.internal/',
      'https://router.home.arpa/',
      'https://intranet/',
      'http://hooks.example.com/',
      'ftp://hooks.example.com/',
      'https://user:pass@hooks.example.com/',
      'not a url',
    ]) {
      expect(checkWebhookUrl(url, strict).ok, url).toBe(false);
    }
  });

  it('accepts public https hosts and addresses', () => {
    for (const url of ['https://hooks.example.com/x?y=1', 'https://8.8.8.8/', 'https://[2606:4700::1111]/']) {
      expect(checkWebhookUrl(url, strict).ok, url).toBe(true);
    }
  });

  it('property: no IPv4 address in a private, loopback or link-local range passes, in dotted, integer or IPv4-mapped IPv6 form', () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
    );
    fc.assert(
      fc.property(privateV4, fc.constantFrom('dotted', 'integer', 'mapped'), (octets, form) => {
        const dotted = octets.join('.');
        const integer = octets.reduce((n, o) => n * 256 + o, 0);
        const host = form === 'dotted' ? dotted : form === 'integer' ? String(integer) : `[::ffff:${dotted}]`;
        expect(checkWebhookUrl(`https://${host}/hook`, strict).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('lifts both rules when private targets are allowed (development)', () => {
    expect(checkWebhookUrl('http://127.0.0.1:9000/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkWebhookUrl('ftp://127.0.0.1/', { allowPrivate: true }).ok).toBe(false);
  });
});
