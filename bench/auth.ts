/** Signing in through next-auth's HTTP endpoints, as a browser would (csrf cookie + token, then the callback). */

export interface CsrfPair {
  ip: string;
  token: string;
  cookie: string;
}

/** `name=value` pairs of every Set-Cookie of a response. */
function cookiesOf(res: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return jar;
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** GET /api/auth/csrf from `ip` (sent as X-Forwarded-For; the server trusts one hop). */
export async function fetchCsrf(base: string, ip: string): Promise<CsrfPair> {
  const res = await fetch(`${base}/api/auth/csrf`, { headers: { "X-Forwarded-For": ip } });
  if (!res.ok) throw new Error(`GET /api/auth/csrf answered ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken?: string };
  const jar = cookiesOf(res);
  if (!csrfToken || ![...jar.keys()].some((k) => k.endsWith("next-auth.csrf-token"))) {
    throw new Error("GET /api/auth/csrf gave no token or no csrf cookie");
  }
  return { ip, token: csrfToken, cookie: cookieHeader(jar) };
}

export interface SignInResult {
  status: number;
  sessionCookie: string | null;
  error: string | null;
}

/** POST /api/auth/callback/credentials; success means a next-auth session cookie came back. */
export async function signIn(base: string, csrf: CsrfPair, email: string, password: string): Promise<SignInResult> {
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: csrf.cookie,
      "X-Forwarded-For": csrf.ip,
      "X-Auth-Return-Redirect": "1",
    },
    body: new URLSearchParams({
      csrfToken: csrf.token,
      email,
      password,
      accountKind: "user",
      rememberMe: "false",
      json: "true",
    }),
  });
  const text = await res.text();
  const jar = cookiesOf(res);
  const name = [...jar.keys()].find((k) => k.endsWith("next-auth.session-token"));
  const value = name ? jar.get(name) : undefined;
  let error: string | null = null;
  if (!value) {
    try {
      const { url } = JSON.parse(text) as { url?: string };
      error = (url && new URL(url).searchParams.get("error")) || `no session cookie (HTTP ${res.status})`;
    } catch {
      error = `no session cookie (HTTP ${res.status})`;
    }
  }
  return { status: res.status, sessionCookie: name && value ? `${name}=${value}` : null, error };
}

export interface MeDuringSignInsResult {
  /** auth.me latencies (ms) with no sign-in in flight. */
  quiet: number[];
  /** auth.me latencies (ms) while `concurrency` sign-ins were in flight all the time. */
  burst: number[];
  signIns: { completed: number; failed: number; seconds: number; perSecond: number };
  meErrors: number;
}

/**
 * One client asks `auth.me` one request after the other, first with the server otherwise idle, then while
 * `concurrency` closed-loop clients keep signing in (each sign-in with its own csrf pair and X-Forwarded-For
 * address, fetched beforehand), in ABBA halves of `seconds` each so drift in the machine hits both alike. What it
 * shows is whether password hashing blocks the server's event loop: with bcrypt on the main thread every
 * request queues behind the compares.
 */
export async function meDuringSignIns(
  base: string,
  opts: { meCookie: string; meBody: string; email: string; password: string; concurrency: number; seconds: number; csrfPool: CsrfPair[] },
): Promise<MeDuringSignInsResult> {
  let meErrors = 0;
  const askMe = async (until: () => boolean, into: number[]) => {
    while (!until()) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/trpc/auth.me`, { headers: { Cookie: opts.meCookie } });
      const body = await res.text();
      into.push(performance.now() - t0);
      if (res.status !== 200 || body !== opts.meBody) meErrors++;
    }
  };
  const quiet: number[] = [];
  const burst: number[] = [];
  let nextPair = 0;
  let completed = 0;
  let failed = 0;
  let burstSeconds = 0;

  const quietPhase = async () => {
    const end = performance.now() + (opts.seconds * 1000) / 2;
    await askMe(() => performance.now() >= end, quiet);
  };
  const burstPhase = async () => {
    const start = performance.now();
    const end = start + (opts.seconds * 1000) / 2;
    let stop = false;
    const signer = async () => {
      while (!stop && nextPair < opts.csrfPool.length) {
        const r = await signIn(base, opts.csrfPool[nextPair++]!, opts.email, opts.password);
        if (r.sessionCookie) completed++;
        else failed++;
      }
    };
    const signers = Array.from({ length: opts.concurrency }, signer);
    // auth.me starts once the sign-ins are under way, and the phase ends when they are all answered.
    await askMe(() => performance.now() >= end || nextPair >= opts.csrfPool.length, burst);
    stop = true;
    await Promise.all(signers);
    burstSeconds += (performance.now() - start) / 1000;
  };

  await quietPhase();
  await burstPhase();
  await burstPhase();
  await quietPhase();
  return {
    quiet,
    burst,
    signIns: { completed, failed, seconds: burstSeconds, perSecond: completed / burstSeconds },
    meErrors,
  };
}
