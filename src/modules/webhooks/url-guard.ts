// The SSRF guard: a webhook URL must be https and name a public host, checked at registration and again at send.
import ipaddr from 'ipaddr.js';

export const MAX_URL_LENGTH = 2048;

/** Names that never resolve to a public address: RFC 6761 loopback, mDNS, and the private-use suffixes. */
const PRIVATE_SUFFIXES = ['.localhost', '.local', '.internal', '.home.arpa', '.localdomain', '.lan'];

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** An IP literal's range as ipaddr.js names it; an IPv4-mapped IPv6 address is judged as its IPv4 address. */
function ipRange(host: string): string | undefined {
  const literal = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (!ipaddr.isValid(literal)) return undefined;
  let address = ipaddr.parse(literal);
  if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  return address.range();
}

/**
 * Whether a webhook may be sent to `input`. The WHATWG parser has already normalised the host (`0x7f.1`,
 * `2130706433` and `127.1` all become `127.0.0.1`; IPv6 is compressed and bracketed), so the literal checked
 * here is the one fetch() connects to. Only ipaddr.js's `unicast` range passes: private, loopback, link-local,
 * carrier-grade NAT, unique-local, multicast, reserved, documentation and the IPv4-embedding IPv6 prefixes
 * (6to4, Teredo, NAT64) are all refused. A host name's DNS answer is not checked here (see docs/webhooks.md).
 */
export function checkWebhookUrl(input: string, options: { allowPrivate: boolean }): UrlVerdict {
  if (input.length > MAX_URL_LENGTH) return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'must not carry credentials' };
  if (options.allowPrivate) {
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? { ok: true, url }
      : { ok: false, reason: 'must be http or https' };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'must be https' };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const range = ipRange(host);
  if (range !== undefined) {
    return range === 'unicast' ? { ok: true, url } : { ok: false, reason: `must not be a ${range} address` };
  }
  if (host === 'localhost' || PRIVATE_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return { ok: false, reason: 'must not name a local or private host' };
  }
  // A single label (`intranet`) is resolved by a local search domain, never by public DNS.
  if (!host.includes('.')) return { ok: false, reason: 'must name a public host (a dotted domain)' };
  return { ok: true, url };
}
