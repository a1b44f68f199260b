/**
 * The client's address behind reverse proxies (`--trust-proxy LIST`). `X-Forwarded-For` is read only
 * when the socket's peer is a trusted proxy, and then from the right: each trusted hop passes on the
 * address it received from, and the first untrusted address is the client (all trusted: the leftmost).
 * Without a list the socket's peer is the client, whatever the header says. `Forwarded` is not read.
 */
import { BlockList, isIP } from 'node:net';

/** A bad --trust-proxy entry; the message names it. */
export class TrustProxyError extends Error {}

export interface TrustedProxies {
  has(address: string): boolean;
}

/** One address in one spelling, so each client has one rate-limit key: IPv6 canonical, IPv4-mapped as IPv4. */
export function canonicalAddress(value: string): string | undefined {
  const address = value.trim().replace(/%.*$/, ''); // no zone index (fe80::1%eth0)
  const kind = isIP(address);
  if (kind === 4) return new URL(`http://${address}`).hostname;
  if (kind !== 6) return undefined;
  const canonical = new URL(`http://[${address}]`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** A comma-separated list of addresses and CIDR ranges, IPv4 and IPv6: `10.0.0.0/8, 127.0.0.1, fd00::/8`. */
export function parseTrustedProxies(list: string): TrustedProxies {
  const blocks = new BlockList();
  const entries = list.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new TrustProxyError('--trust-proxy needs at least one address or CIDR range');
  for (const entry of entries) {
    const [value, prefix, extra] = entry.split('/');
    const address = canonicalAddress(value!);
    const family = address?.includes(':') ? 'ipv6' : 'ipv4';
    const bits = prefix === undefined ? undefined : Number(prefix);
    if (address === undefined || extra !== undefined || (prefix !== undefined && !/^\d+$/.test(prefix))
      || (bits !== undefined && bits > (family === 'ipv6' ? 128 : 32))) {
      throw new TrustProxyError(`--trust-proxy takes IPv4 or IPv6 addresses and CIDR ranges (e.g. 10.0.0.0/8, fd00::/8), got "${entry}"`);
    }
    if (bits === undefined) blocks.addAddress(address, family);
    else blocks.addSubnet(address, bits, family);
  }
  return {
    has(value) {
      const address = canonicalAddress(value);
      return address !== undefined && blocks.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
    },
  };
}

/** An X-Forwarded-For entry as an address: a port (`1.2.3.4:80`, `[::1]:80`) or brackets dropped. */
const forwardedAddress = (entry: string) =>
  canonicalAddress(entry.trim().replace(/^\[([^\]]*)\](?::\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'));

/** The client: the socket's peer, unless that is a trusted proxy; then the forwarded chain, read from the right. */
export function clientAddress(peer: string | undefined, forwardedFor: string | null | undefined, trusted: TrustedProxies | undefined): string {
  if (peer === undefined) return 'unknown';
  let client = canonicalAddress(peer) ?? peer;
  if (!trusted || !forwardedFor) return client;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0 && trusted.has(client); i--) {
    const hop = forwardedAddress(hops[i]!);
    if (hop === undefined) break; // not an address: the trusted hop that passed it on is the client we know
    client = hop;
  }
  return client;
}
