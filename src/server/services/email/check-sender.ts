import type { z } from "zod";
import * as postmark from "postmark";
import type { checkSenderSchema } from "@/schemas/email";
import type { WorkspaceContext } from "@/server/context";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { platformAddress } from "./email-channel";
import { ensureEmailSettings } from "./manage-email";

export interface SenderCheck {
  address: string;
  /** Whether Postmark will send from the address: a confirmed sender signature, or a domain whose DKIM is verified. */
  verified: boolean;
  /** What Postmark says, in words, with what to do next. */
  message: string;
  checkedAt: Date;
}

/**
 * Asks Postmark's account API (the official SDK's AccountClient: sender signatures and domains) whether the
 * workspace's sender address, or its domain, is verified, and says so in words. The account token is the one the
 * admin gives for this check (a workspace on its own server; never stored) or the platform's
 * (POSTMARK_ACCOUNT_TOKEN). A refused token is a field error; Postmark unreachable is a verdict, not a crash.
 */
export async function checkEmailSender(ctx: WorkspaceContext, input: z.output<typeof checkSenderSchema>): Promise<SenderCheck> {
  const env = getEnv();
  const settings = await ensureEmailSettings(ctx.db, ctx.workspace.id);
  const address = (settings.fromAddress ?? platformAddress()).toLowerCase();
  const domain = address.split("@")[1] ?? "";
  const token = input.accountToken ?? (settings.serverToken ? undefined : env.POSTMARK_ACCOUNT_TOKEN);
  if (!token) {
    throw AppError.field(
      "accountToken",
      settings.serverToken
        ? "This workspace sends through its own Postmark server: give that account's API token (Postmark › Account › API tokens) to check. It is used for this check only and not kept."
        : "The platform's Postmark account is not connected for checks; ask the platform administrator, or connect your own Postmark server.",
    );
  }
  const base = env.POSTMARK_API_URL ? new URL(env.POSTMARK_API_URL) : null;
  const client = new postmark.AccountClient(token, { timeout: 10, ...(base ? { requestHost: base.host, useHttps: base.protocol === "https:" } : {}) });
  const checkedAt = new Date();
  let signatures: postmark.Models.Signature[];
  let domains: postmark.Models.Domain[];
  try {
    const [s, d] = await Promise.all([client.getSenderSignatures({ count: 500, offset: 0 }), client.getDomains({ count: 500, offset: 0 })]);
    signatures = s.SenderSignatures ?? [];
    domains = d.Domains ?? [];
  } catch (e) {
    if (e instanceof postmark.Errors.InvalidAPIKeyError) throw AppError.field("accountToken", "Postmark refused this account token; copy it again from Postmark › Account › API tokens.");
    ctx.log.warn({ err: { name: (e as Error).name, message: (e as Error).message } }, "postmark account api not reachable");
    return { address, verified: false, checkedAt, message: `Postmark could not be asked just now (${e instanceof postmark.Errors.PostmarkError ? e.message : "no answer"}); try again in a moment.` };
  }
  const signature = signatures.find((s) => s.EmailAddress.toLowerCase() === address);
  const verifiedDomain = domains.find((d) => d.Name.toLowerCase() === domain && d.DKIMVerified);
  const pendingDomain = domains.find((d) => d.Name.toLowerCase() === domain);
  if (verifiedDomain) {
    const returnPath = verifiedDomain.ReturnPathDomainVerified ? "" : " Its Return-Path is not verified yet, so bounces are not aligned with your domain; emails still go out.";
    return { address, verified: true, checkedAt, message: `${domain} is a verified domain in Postmark (DKIM), so ${address} can send.${returnPath}` };
  }
  if (signature?.Confirmed) return { address, verified: true, checkedAt, message: `${address} is a confirmed sender signature in Postmark: emails can go out from it.` };
  if (signature) return { address, verified: false, checkedAt, message: `${address} is added in Postmark but not confirmed yet: open the confirmation email Postmark sent to that address, then check again.` };
  if (pendingDomain) return { address, verified: false, checkedAt, message: `${domain} is in Postmark but its DKIM record is not verified yet: add the DKIM record Postmark shows for the domain to your DNS, then check again.` };
  return { address, verified: false, checkedAt, message: `Neither ${address} nor ${domain} is a sender in this Postmark account: add the address under Sender signatures, or the domain under Domains, then check again.` };
}
