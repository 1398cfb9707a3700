import { randomBytes } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { checkLogic } from "@/lib/forms/logic";
import { ownerAssignmentOf, type FormDefinition, type FormSettings, type FormSettingsInput, type FormSettingsView } from "@/schemas/forms";
import { decryptText, encryptText } from "@/server/crypto/encryption";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";

export const EMPTY_DEFINITION: FormDefinition = { fields: [], rules: [] };

export async function findForm(ctx: WorkspaceContext, id: number) {
  const form = await ctx.db.formTemplate.findUnique({ where: { id } });
  if (!form) throw new AppError("NOT_FOUND", "No such form in this workspace.");
  return form;
}

/** A public, unguessable-enough slug: the name's words and 6 random characters (unique on the platform). */
export function slugFor(name: string) {
  const words = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  const suffix = randomBytes(6).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "x");
  return `${words || "form"}-${suffix}`;
}

const CHOICE = new Set(["single_choice", "multiple_choice"]);

/** What makes a draft unsaveable beyond its schema: field sanity and the conditional logic (checkLogic). */
export function definitionProblem(def: FormDefinition): string | null {
  return definitionProblemDetail(def)?.message ?? null;
}

/** The same, with the logic rule at fault when it is one (the builder shows the message beside that rule). */
export function definitionProblemDetail(def: FormDefinition): { message: string; ruleId?: string } | null {
  const keys = new Set<string>();
  const leadTargets = new Set<string>();
  for (const f of def.fields) {
    const problem = fieldProblem(f, keys, leadTargets);
    if (problem) return { message: problem };
  }
  const problems = checkLogic({ fields: def.fields.map((f) => ({ key: f.key, label: f.label })), rules: def.rules });
  return problems[0] ?? null;
}

function fieldProblem(f: FormDefinition["fields"][number], keys: Set<string>, leadTargets: Set<string>): string | null {
  if (keys.has(f.key)) return `Two fields use the key "${f.key}". Each field needs its own.`;
  keys.add(f.key);
  if (CHOICE.has(f.type) && (f.options?.length ?? 0) < 1) return `"${f.label}" needs at least one option.`;
  if (f.options && new Set(f.options).size !== f.options.length) return `"${f.label}" lists the same option twice.`;
  if (f.type === "consent" && !f.consentText) return `"${f.label}" needs the exact consent text the visitor agrees to.`;
  if (f.type === "hidden" && !f.urlParam) return `"${f.label}" needs the name of the link parameter that fills it (for example utm_source).`;
  if (f.min != null && f.max != null && f.min > f.max) return `"${f.label}": the minimum is above the maximum.`;
  if (f.type === "rating" && (f.max ?? 5) > 10) return `"${f.label}": a rating has at most 10 stars.`;
  if (f.mapsTo?.kind === "lead") {
    if (leadTargets.has(f.mapsTo.field)) return `Two fields fill the lead's ${f.mapsTo.field}. Map only one.`;
    leadTargets.add(f.mapsTo.field);
  }
  return null;
}

/** Refuses an unsaveable definition; a logic problem also names its rule (field `rule:<id>`) for the builder. */
export function checkDefinition(def: FormDefinition) {
  const problem = definitionProblemDetail(def);
  if (!problem) return;
  const fieldErrors: Record<string, string[]> = { definition: [problem.message] };
  if (problem.ruleId) fieldErrors[`rule:${problem.ruleId}`] = [problem.message];
  throw new AppError("BAD_REQUEST", problem.message, { fieldErrors });
}

/** The strategy and owner of the settings exist in this workspace (the composite keys would not catch a JSON id). */
export async function checkSettings(ctx: WorkspaceContext, settings: FormSettings | FormSettingsInput) {
  if (settings.strategyId != null && !(await ctx.db.strategy.count({ where: { id: settings.strategyId } })))
    throw AppError.field("settings", "No such strategy in this workspace.");
  const owners = [...new Set(ownerAssignmentOf(settings).userIds)];
  if (owners.length > 0 && (await ctx.db.user.count({ where: { id: { in: owners }, isActive: true } })) !== owners.length)
    throw AppError.field("settings", "No such active member in this workspace.");
  if (settings.owner?.mode === "round_robin" && owners.length < 2) throw AppError.field("settings", "Owners in turn needs at least two members.");
  if (settings.thankYouMessage && settings.redirectUrl) throw AppError.field("settings", "Choose a thank-you message or a redirect, not both.");
  const captcha = settings.captcha;
  if (captcha && captcha.provider !== "none" && !captcha.siteKey) throw AppError.field("settings", "The bot check needs its site key.");
}

const captchaContext = (formId: number) => `form:${formId}:captcha`;

/**
 * The settings to store from what staff sent: the captcha secret encrypted (bound to the form), kept when not sent,
 * cleared when sent as null or when the bot check is turned off.
 */
export function storableSettings(formId: number, input: FormSettingsInput, saved: FormSettings): FormSettings {
  const { captcha, ...rest } = input;
  if (!captcha) return rest;
  const { secret, ...publicPart } = captcha;
  const secretEncrypted =
    captcha.provider === "none" || secret === null ? null : secret ? encryptText("integration-credentials", secret, captchaContext(formId)) : (saved.captcha?.secretEncrypted ?? null);
  if (captcha.provider !== "none" && !secretEncrypted) throw AppError.field("settings", "The bot check needs its secret key.");
  return { ...rest, captcha: { ...publicPart, secretEncrypted } };
}

/** What staff read back: never the secret, only whether one is set. */
export function settingsView(settings: FormSettings): FormSettingsView {
  const { captcha, ...rest } = settings;
  if (!captcha) return rest;
  return { ...rest, captcha: { provider: captcha.provider, siteKey: captcha.siteKey ?? null, secretSet: Boolean(captcha.secretEncrypted) } };
}

/** The captcha secret of a form's settings (server only: the submission's siteverify call). */
export function captchaSecretOf(formId: number, settings: FormSettings): string | null {
  const stored = settings.captcha?.secretEncrypted;
  return stored ? decryptText("integration-credentials", stored, captchaContext(formId)) : null;
}

export const asJson = (v: unknown) => v as Prisma.InputJsonValue;
export const definitionOf = (json: unknown): FormDefinition => (json && typeof json === "object" && "fields" in json ? (json as FormDefinition) : EMPTY_DEFINITION);
export const settingsOf = (json: unknown): FormSettings => (json && typeof json === "object" ? (json as FormSettings) : {});

export function createdBy(ctx: WorkspaceContext) {
  return ctx.account?.kind === "user" ? ctx.account.id : null;
}
