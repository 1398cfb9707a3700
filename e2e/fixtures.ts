import { test as base, expect } from "@playwright/test";

/**
 * Each test is its own client: the e2e server trusts one proxy hop (TRUST_PROXY_HOPS=1, as behind a load
 * balancer), and every request of a test carries that test's address in X-Forwarded-For. Per-IP sign-in
 * limits and lockouts then apply per test, as they would per visitor, instead of to the whole suite.
 */
const octet = () => Math.floor(Math.random() * 250) + 1;

export const test = base.extend({
  extraHTTPHeaders: async ({ extraHTTPHeaders }, provide) => {
    await provide({ ...extraHTTPHeaders, "x-forwarded-for": `10.${octet()}.${octet()}.${octet()}` });
  },
});

export { expect };
