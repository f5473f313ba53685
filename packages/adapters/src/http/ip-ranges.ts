import { isIPv4, isIPv6 } from 'node:net';

/**
 * Address ranges a URL supplied by a user must not reach: this host, the private network, the cloud metadata
 * service (169.254.169.254, fd00:ec2::254), multicast. Anything else is treated as the public internet.
 */
const V4_RANGES: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['224.0.0.0', 4, 'multicast'],
  // Reserved, including the broadcast address 255.255.255.255.
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
  // Teredo tunnels reach a client behind a NAT through relays; no calendar feed lives there.
  ['2001::', 32, 'Teredo'],
  // NAT64 for local use (RFC 8215): not globally reachable, and its IPv4 may sit anywhere from bit 48 on.
  ['64:ff9b:1::', 48, 'NAT64 local-use'],
];

/** IPv6 ranges that carry an IPv4 address in their last 32 bits: that address decides. */
const V6_EMBEDDING_V4: ReadonlyArray<readonly [string, number]> = [
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['::', 96], // IPv4-compatible (deprecated, still routed by some stacks)
];

function v4Number(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function v6Number(address: string): bigint {
  let text = address.split('%')[0] ?? address;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = v4Number(tail);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const start = head === '' ? [] : head.split(':');
  const end = rest === undefined || rest === '' ? [] : rest.split(':');
  const words =
    rest === undefined ? start : [...start, ...Array(8 - start.length - end.length).fill('0'), ...end];
  return words.reduce((n, word) => (n << 16n) | BigInt(Number.parseInt(word, 16)), 0n);
}

function inV4(address: number, [base, prefix]: readonly [string, number, ...unknown[]]): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(address / size) === Math.floor(v4Number(base) / size);
}

function inV6(address: bigint, [base, prefix]: readonly [string, number, ...unknown[]]): boolean {
  const shift = BigInt(128 - prefix);
  return address >> shift === v6Number(base) >> shift;
}

function blockedV4(address: number): string | undefined {
  return V4_RANGES.find((range) => inV4(address, range))?.[2];
}

/** 6to4 (2002::/16) routes to the IPv4 address in bits 16–47: 2002:c0a8:0001:: is 192.168.0.1. */
const SIX_TO_FOUR: readonly [string, number] = ['2002::', 16];

/**
 * Why `address` (an IPv4 or IPv6 address as DNS returns it) must not be contacted, e.g. `loopback` or
 * `private`; undefined for a public address. Something that is not an IP address is refused too.
 */
export function blockedRange(address: string): string | undefined {
  if (isIPv4(address)) return blockedV4(v4Number(address));
  if (!isIPv6(address)) return 'not an IP address';
  const n = v6Number(address);
  const own = V6_RANGES.find((range) => inV6(n, range));
  if (own) return own[2];
  if (V6_EMBEDDING_V4.some((range) => inV6(n, range))) {
    const reason = blockedV4(Number(n & 0xffffffffn));
    return reason && `IPv4-embedded ${reason}`;
  }
  if (inV6(n, SIX_TO_FOUR)) {
    const reason = blockedV4(Number((n >> 80n) & 0xffffffffn));
    return reason && `6to4-embedded ${reason}`;
  }
  return undefined;
}
