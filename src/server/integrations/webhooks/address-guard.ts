import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { getEnv } from "@/env";

/**
 * The SSRF guard of outbound webhooks. An endpoint may only be an http(s) URL without credentials whose host resolves
 * to public unicast addresses: loopback, private (RFC 1918), carrier-grade NAT (100.64/10), link-local (the cloud
 * metadata address 169.254.169.254 among them), unique-local and IPv4-mapped IPv6, unspecified, multicast, broadcast
 * and reserved ranges are refused. It runs when an endpoint is saved and again at every delivery, where the socket
 * connects to the very address that was checked (http-delivery.ts passes `checkedLookup` to the connection), so a
 * name that resolves elsewhere a second time (DNS rebinding) cannot slip through.
 *
 * WEBHOOK_ALLOWED_HOSTS (development and tests only) lists host names, or host:port, that skip the address check.
 */
export class UnsafeEndpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeEndpointError";
  }
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private network address",
  carrierGradeNat: "a carrier-grade NAT address",
  linkLocal: "a link-local address (cloud metadata lives there)",
  uniqueLocal: "a private (unique-local) IPv6 address",
  unspecified: "an unspecified address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
};

/** Why this address may not receive webhooks, or null when it is a public unicast address. */
export function refusalOfAddress(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return "not an IP address";
  }
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const v4 = (parsed as ipaddr.IPv6).toIPv4Address();
    const inner = refusalOfAddress(v4.toString());
    return inner ?? null;
  }
  const range = parsed.range();
  if (range === "unicast") return null;
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

function allowedHosts(): Set<string> {
  const raw = getEnv().WEBHOOK_ALLOWED_HOSTS ?? "";
  return new Set(raw.split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
}

/** The URL's host with brackets removed from IPv6 literals. */
const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();

export function isAllowListed(url: URL): boolean {
  const hosts = allowedHosts();
  if (!hosts.size) return false;
  const host = bareHost(url);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return hosts.has(host) || hosts.has(`${host}:${port}`) || hosts.has(`${url.hostname.toLowerCase()}:${port}`);
}

/** Parses and checks the shape of an endpoint URL (no DNS): http(s), no credentials, a host. */
export function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeEndpointError("This is not a valid web address.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new UnsafeEndpointError("The address must start with https:// or http://.");
  if (url.username || url.password) throw new UnsafeEndpointError("The address must not contain a user name or password.");
  if (!url.hostname) throw new UnsafeEndpointError("The address has no host.");
  return url;
}

export type ResolvedAddress = { address: string; family: 4 | 6 };

/**
 * Resolves the host and checks every address it resolves to (one bad address refuses the name: an attacker's DNS
 * could hand either). Returns the checked addresses; an allow-listed host is resolved without the check.
 */
export async function resolveSafeAddresses(host: string, options: { allowListed?: boolean } = {}): Promise<ResolvedAddress[]> {
  const literal = host.replace(/^\[(.*)\]$/, "$1");
  let addresses: ResolvedAddress[];
  if (isIP(literal)) {
    addresses = [{ address: literal, family: isIP(literal) as 4 | 6 }];
  } else {
    try {
      addresses = (await dnsLookup(literal, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch {
      throw new UnsafeEndpointError(`The host ${literal} could not be found (DNS).`);
    }
    if (!addresses.length) throw new UnsafeEndpointError(`The host ${literal} has no address.`);
  }
  if (options.allowListed) return addresses;
  for (const { address } of addresses) {
    const refusal = refusalOfAddress(address);
    if (refusal) throw new UnsafeEndpointError(`Webhooks cannot be sent to ${literal}: it resolves to ${refusal} (${address}).`);
  }
  return addresses;
}

/** The whole check of an endpoint URL, as at registration: shape, then every resolved address. */
export async function assertSafeEndpoint(raw: string): Promise<URL> {
  const url = parseEndpointUrl(raw);
  await resolveSafeAddresses(url.hostname, { allowListed: isAllowListed(url) });
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections that resolves, refuses any unsafe address and hands the connection exactly the
 * addresses it checked. `allowListed` skips the check (WEBHOOK_ALLOWED_HOSTS).
 */
export function checkedLookup(allowListed: boolean) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    resolveSafeAddresses(hostname, { allowListed }).then(
      (addresses) => {
        if (typeof options === "object" && options?.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (e: Error) => callback(Object.assign(e, { code: "EUNSAFEADDRESS" }), "", 0),
    );
  };
}
