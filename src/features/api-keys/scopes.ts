import { API_KEY_DOMAINS, apiKeyLevelsOf, type ApiKeyDomain, type ApiKeyScope } from "@/schemas/api-keys";

export type { ApiKeyDomain };
export type ScopeLevel = "none" | "read" | "write";
export type ScopeLevels = Record<ApiKeyDomain, ScopeLevel>;

export const SCOPE_LEVEL_LABELS: Record<ScopeLevel, string> = { none: "No access", read: "Read", write: "Read & write" };

export const DOMAIN_LABELS: Record<ApiKeyDomain, string> = {
  leads: "Leads and notes",
  bookings: "Bookings and free times",
  contacts: "Contact-form submissions",
  forms: "Form submissions",
};

/** The levels the page offers for a domain: no access, then only the levels that open something. */
export const levelsOf = (domain: ApiKeyDomain): ScopeLevel[] => ["none", ...apiKeyLevelsOf(domain)];

export function noScopes(): ScopeLevels {
  return Object.fromEntries(API_KEY_DOMAINS.map((domain) => [domain, "none"])) as ScopeLevels;
}

/** Per-domain levels as the scope strings the server takes: read-write carries both `d:read` and `d:write`. */
export function scopesFromLevels(levels: ScopeLevels): ApiKeyScope[] {
  return API_KEY_DOMAINS.flatMap((domain) => {
    const level = levels[domain];
    if (level === "none" || !apiKeyLevelsOf(domain).includes(level)) return [];
    return (level === "write" ? [`${domain}:read`, `${domain}:write`] : [`${domain}:read`]) as ApiKeyScope[];
  });
}

/** Scope strings back as a readable list: "Leads: read & write", "Bookings: read". */
export function describeScopes(scopes: readonly string[]): string[] {
  const levels = new Map<string, ScopeLevel>();
  for (const scope of scopes) {
    const [domain, access] = scope.split(":");
    if (!domain) continue;
    if (access === "write") levels.set(domain, "write");
    else if (!levels.has(domain)) levels.set(domain, "read");
  }
  return [...levels].map(([domain, level]) => {
    const label = DOMAIN_LABELS[domain as ApiKeyDomain] ?? domain;
    return `${label}: ${SCOPE_LEVEL_LABELS[level].toLowerCase()}`;
  });
}
