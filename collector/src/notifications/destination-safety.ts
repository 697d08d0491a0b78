// Where notifications may go (SPEC §11): https unless `allowInsecureDestinations`; never to a
// loopback, private or link-local address unless `allowPrivateDestinations`; and how a destination
// is named in logs and errors (host only: URLs of Slack and webhooks are secrets).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) blocked.addSubnet(net, prefix, 'ipv6');

/**
 * True for loopback, private, carrier-grade NAT, link-local, multicast and unspecified addresses
 * (IPv4-mapped IPv6 addresses are judged by their IPv4 address).
 * @example isPrivateAddress('10.1.2.3') // true
 */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * A URL as logs may show it: scheme and host only.
 * @example describeUrl('https://hooks.slack.com/services/T0/B0/secret') // "https://hooks.slack.com/…"
 */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(invalid URL)';
  }
}

export interface DestinationPolicy {
  allowInsecureDestinations: boolean;
  allowPrivateDestinations: boolean;
}

/** A refused destination: permanent, never retried. */
export class DestinationRefused extends Error {}

/** Throws `DestinationRefused` unless the URL's scheme is allowed. */
export function assertSchemeAllowed(url: string, policy: DestinationPolicy): URL {
  const u = new URL(url);
  if (u.protocol === 'https:') return u;
  if (u.protocol === 'http:' && policy.allowInsecureDestinations) return u;
  throw new DestinationRefused(`${describeUrl(url)}: only https destinations are allowed (allowInsecureDestinations is false)`);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that refuses private addresses: checked on the address actually
 * connected to, so a name that resolves differently later (DNS rebinding) is still refused.
 */
export function guardedLookup(policy: DestinationPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      const allowed = policy.allowPrivateDestinations ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (allowed.length === 0) {
        const refused = new DestinationRefused(`${hostname} resolves to a loopback, private or link-local address (allowPrivateDestinations is false)`);
        return callback(refused as NodeJS.ErrnoException, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
