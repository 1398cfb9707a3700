import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { getEnv } from "@/env";

/**
 * The SSRF guard of every outbound request to an address a workspace chose (outbound webhooks, an integration's API
 * address such as GoHighLevel's). Such an address may only be an http(s) URL without credentials whose host resolves
 * to public unicast addresses: loopback, private (RFC 1918), carrier-grade NAT (100.64/10), link-local (the cloud
 * metadata address 169.254.169.254 among them), unique-local and IPv4-mapped IPv6, unspecified, multicast, broadcast
 * and reserved ranges are refused. It runs when the address is saved and again at every request, where the socket
 * connects to the very address that was checked (guarded-agent.ts: the connection's own connector checks literal
 * addresses and resolves names through `checkedLookup`), so a name that resolves elsewhere a second time (DNS
 * rebinding) cannot slip through.
 *
 * WEBHOOK_ALLOWED_HOSTS (development and tests only) lists host names, or host:port, that skip the address check.
 */
export class UnsafeEndpointError extends Error {
  constructor(
    message: string,
    /** What is wrong: the address's shape, its name not found, where it resolves to, or plain http. */
    readonly kind: "shape" | "dns" | "address" | "https" = "shape",
  ) {
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

/** Why this address may not receive requests, or null when it is a public unicast address. */
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

/** A host as URLs write it, with the brackets of an IPv6 literal removed ("[::1]" -> "::1"). */
export const withoutBrackets = (host: string) => host.replace(/^\[(.*)\]$/, "$1");

/** Whether a host (a name, or an IP literal with or without brackets) and port are on WEBHOOK_ALLOWED_HOSTS. */
export function isAllowListedHost(hostname: string, port: string | number, protocol: string): boolean {
  const hosts = allowedHosts();
  if (!hosts.size) return false;
  const host = withoutBrackets(hostname).toLowerCase();
  const portText = String(port || (protocol === "https:" ? "443" : "80"));
  const bracketed = host.includes(":") ? `[${host}]` : host;
  return hosts.has(host) || hosts.has(`${host}:${portText}`) || hosts.has(`${bracketed}:${portText}`);
}

export function isAllowListed(url: URL): boolean {
  return isAllowListedHost(url.hostname, url.port, url.protocol);
}

/** How a refusal starts: "Webhooks cannot be sent to", "GoHighLevel requests cannot be sent to"... */
export type GuardOptions = { refusedTo?: string };
const DEFAULT_REFUSED_TO = "Webhooks cannot be sent to";

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
export async function resolveSafeAddresses(host: string, options: { allowListed?: boolean } & GuardOptions = {}): Promise<ResolvedAddress[]> {
  const literal = withoutBrackets(host);
  let addresses: ResolvedAddress[];
  if (isIP(literal)) {
    addresses = [{ address: literal, family: isIP(literal) as 4 | 6 }];
  } else {
    try {
      addresses = (await dnsLookup(literal, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
    } catch {
      throw new UnsafeEndpointError(`The host ${literal} could not be found (DNS).`, "dns");
    }
    if (!addresses.length) throw new UnsafeEndpointError(`The host ${literal} has no address.`, "dns");
  }
  if (options.allowListed) return addresses;
  for (const { address } of addresses) {
    const refusal = refusalOfAddress(address);
    if (refusal) throw new UnsafeEndpointError(`${options.refusedTo ?? DEFAULT_REFUSED_TO} ${literal}: it resolves to ${refusal} (${address}).`, "address");
  }
  return addresses;
}

/** The whole check of an endpoint URL, as at registration: shape, then every resolved address. */
export async function assertSafeEndpoint(raw: string, options: GuardOptions & { httpsOnly?: boolean } = {}): Promise<URL> {
  const url = parseEndpointUrl(raw);
  await resolveSafeAddresses(url.hostname, { allowListed: isAllowListed(url), refusedTo: options.refusedTo });
  if (options.httpsOnly) assertHttpsUnlessAllowListed(url);
  return url;
}

/** For an address that carries a secret (an API key or token): plain http only to an allow-listed host. */
export function assertHttpsUnlessAllowListed(url: URL) {
  if (url.protocol !== "https:" && !isAllowListed(url)) throw new UnsafeEndpointError("The address must start with https:// (the key or token would otherwise travel unencrypted).", "https");
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections that resolves, refuses any unsafe address and hands the connection exactly the
 * addresses it checked. `allowListed` skips the check (WEBHOOK_ALLOWED_HOSTS).
 */
export function checkedLookup(allowListed: boolean, guard: GuardOptions = {}) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    resolveSafeAddresses(hostname, { allowListed, ...guard }).then(
      (addresses) => {
        if (typeof options === "object" && options?.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (e: Error) => callback(Object.assign(e, { code: "EUNSAFEADDRESS" }), "", 0),
    );
  };
}
