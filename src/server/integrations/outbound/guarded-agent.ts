import { isIP } from "node:net";
import { Agent, buildConnector, fetch as undiciFetch } from "undici";
import {
  UnsafeEndpointError,
  assertHttpsUnlessAllowListed,
  checkedLookup,
  isAllowListed,
  isAllowListedHost,
  parseEndpointUrl,
  resolveSafeAddresses,
  withoutBrackets,
  type GuardOptions,
} from "./address-guard";

/**
 * An undici connection pool whose every connection goes through the SSRF guard, for requests to addresses a workspace
 * chose (outbound webhooks, an integration's API address). The guard sits in the connector, so it holds for each new
 * connection whatever URL led to it (a redirect included): an IP literal is checked before the socket opens, a name
 * is resolved by `checkedLookup`, which refuses any unsafe address and hands the socket exactly the addresses it
 * checked (no DNS rebinding between the check and the connect). A host:port on WEBHOOK_ALLOWED_HOSTS (development and
 * tests) skips the check. Connections are kept alive per origin; a reused one goes to the address checked when it
 * was opened.
 */
export function guardedAgent(options: GuardOptions & { connectTimeoutMs: number } & Omit<Agent.Options, "connect">): Agent {
  const { refusedTo, connectTimeoutMs, ...agentOptions } = options;
  const guard = { refusedTo };
  const connectors = {
    checked: buildConnector({ timeout: connectTimeoutMs, lookup: checkedLookup(false, guard) as never }),
    allowListed: buildConnector({ timeout: connectTimeoutMs, lookup: checkedLookup(true, guard) as never }),
  };
  const connect: buildConnector.connector = (opts, callback) => {
    const allowListed = isAllowListedHost(opts.hostname, opts.port, opts.protocol);
    const connector = allowListed ? connectors.allowListed : connectors.checked;
    const literal = withoutBrackets(opts.hostname);
    // A literal address never reaches a lookup: check it here.
    if (!isIP(literal)) return connector(opts, callback);
    resolveSafeAddresses(literal, { allowListed, ...guard }).then(
      () => connector(opts, callback),
      (e: Error) => callback(Object.assign(e, { code: "EUNSAFEADDRESS" }), null),
    );
  };
  return new Agent({ ...agentOptions, connect });
}

/**
 * A `fetch` for requests that carry a workspace's key or token to an address the workspace chose (an integration's API
 * address, a workspace's own AI server): https only, plain http only to an allow-listed host (an address inside our
 * network is named as such first); every connection through one guarded pool (`guardedAgent`); redirects never
 * followed. A refused address rejects with UnsafeEndpointError (found again by `unsafeAddressRefusal`) before anything
 * is sent.
 */
export function guardedFetch(options: GuardOptions & { connectTimeoutMs: number; keepAliveTimeout?: number }) {
  let agent: Agent | null = null;
  async function fetchGuarded(input: string | URL | { url: string }, init?: RequestInit): Promise<Response> {
    const url = parseEndpointUrl(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.protocol !== "https:" && !isAllowListed(url)) {
      await resolveSafeAddresses(url.hostname, { refusedTo: options.refusedTo });
      assertHttpsUnlessAllowListed(url);
    }
    agent ??= guardedAgent({ refusedTo: options.refusedTo, connectTimeoutMs: options.connectTimeoutMs, keepAliveTimeout: options.keepAliveTimeout ?? 10_000 });
    const response = await undiciFetch(url, { ...(init as object), redirect: "error", dispatcher: agent });
    return response as unknown as Response;
  }
  return {
    fetch: fetchGuarded,
    /** Closes the pool (tests). */
    async close() {
      const open = agent;
      agent = null;
      await open?.close();
    },
  };
}

/** The guard's refusal inside an error undici or fetch threw (they wrap it as a cause), or null. */
export function unsafeAddressRefusal(e: unknown): UnsafeEndpointError | null {
  for (let err = e as (Error & { cause?: unknown }) | undefined, depth = 0; err && depth < 5; err = err.cause as typeof err, depth++) {
    if (err instanceof UnsafeEndpointError) return err;
    if ((err as { code?: string }).code === "EUNSAFEADDRESS") return new UnsafeEndpointError(err.message, "address");
  }
  return null;
}
