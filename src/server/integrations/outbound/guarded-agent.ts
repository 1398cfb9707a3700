import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import { UnsafeEndpointError, checkedLookup, isAllowListedHost, resolveSafeAddresses, type GuardOptions } from "./address-guard";

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
    const literal = opts.hostname.replace(/^\[(.*)\]$/, "$1");
    // A literal address never reaches a lookup: check it here.
    if (!isIP(literal)) return connector(opts, callback);
    resolveSafeAddresses(literal, { allowListed, ...guard }).then(
      () => connector(opts, callback),
      (e: Error) => callback(Object.assign(e, { code: "EUNSAFEADDRESS" }), null),
    );
  };
  return new Agent({ ...agentOptions, connect });
}

/** The guard's refusal inside an error undici or fetch threw (they wrap it as a cause), or null. */
export function unsafeAddressRefusal(e: unknown): UnsafeEndpointError | null {
  for (let err = e as (Error & { cause?: unknown }) | undefined, depth = 0; err && depth < 5; err = err.cause as typeof err, depth++) {
    if (err instanceof UnsafeEndpointError) return err;
    if ((err as { code?: string }).code === "EUNSAFEADDRESS") return new UnsafeEndpointError(err.message);
  }
  return null;
}
