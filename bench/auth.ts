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
