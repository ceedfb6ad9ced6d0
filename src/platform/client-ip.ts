// The client address that per-IP limits count: CF-Connecting-IP, an IPv6 address as its /64.

/** Locally (no Cloudflare edge in front) a request may carry no CF-Connecting-IP; all such share one bucket. */
export const UNKNOWN_CLIENT = 'unknown';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * The bucket of a client address. Cloudflare sets CF-Connecting-IP and overwrites any value a client sends.
 * One IPv6 subscriber usually holds a whole /64, so counting single IPv6 addresses would let one client
 * rotate through billions of buckets; an IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function clientBucket(header: string | undefined): string {
  const address = header?.trim() ?? '';
  if (address === '') return UNKNOWN_CLIENT;
  if (IPV4.test(address)) return address;
  const groups = expandIpv6(address);
  if (!groups) return address.slice(0, 64);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a dotted IPv4 tail), or undefined if it is not one. */
function expandIpv6(address: string): number[] | undefined {
  const withoutZone = address.split('%')[0] ?? '';
  if (!/^[0-9A-Fa-f:.]+$/.test(withoutZone)) return undefined;
  let text = withoutZone;
  const tail: number[] = [];
  const dotted = /:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  if (dotted?.[1]) {
    const octets = dotted[1].split('.').map(Number);
    if (octets.some((o) => o > 255)) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets;
    tail.push((a << 8) | b, (c << 8) | d);
    // The match took one colon; when it was half of a `::`, put it back.
    const prefix = text.slice(0, dotted.index);
    text = prefix.endsWith(':') ? `${prefix}:` : prefix;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string | undefined): number[] | undefined => {
    if (!part) return [];
    const groups = part.split(':');
    if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => Number.parseInt(g, 16));
  };
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  if (!head || !rest) return undefined;
  const wanted = 8 - tail.length;
  if (halves.length === 2) {
    const missing = wanted - head.length - rest.length;
    if (missing < 1) return undefined;
    return [...head, ...new Array<number>(missing).fill(0), ...rest, ...tail];
  }
  return head.length === wanted ? [...head, ...tail] : undefined;
}
