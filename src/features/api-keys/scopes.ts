import { API_KEY_DOMAINS } from "@/schemas/api-keys";

export type ApiKeyDomain = (typeof API_KEY_DOMAINS)[number];
export type ScopeLevel = "none" | "read" | "write";
export type ScopeLevels = Record<ApiKeyDomain, ScopeLevel>;

export const SCOPE_LEVEL_LABELS: Record<ScopeLevel, string> = { none: "No access", read: "Read", write: "Read & write" };

export const DOMAIN_LABELS: Record<ApiKeyDomain, string> = {
  leads: "Leads",
  strategies: "Strategies",
  bookings: "Bookings",
  contacts: "Contacts",
  forms: "Forms",
  conversations: "Conversations",
  integrations: "Integrations",
};

export function noScopes(): ScopeLevels {
  return Object.fromEntries(API_KEY_DOMAINS.map((domain) => [domain, "none"])) as ScopeLevels;
}

/** Per-domain levels as the scope strings the server takes: read-write carries both `d:read` and `d:write`. */
export function scopesFromLevels(levels: ScopeLevels): string[] {
  return API_KEY_DOMAINS.flatMap((domain) => {
    const level = levels[domain];
    if (level === "write") return [`${domain}:read`, `${domain}:write`];
    if (level === "read") return [`${domain}:read`];
    return [];
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
