import { z } from "zod";
import { idSchema, INT4_MAX, text } from "./common";
import { timeZoneSchema } from "./auth";

/** A calendar month "YYYY-MM" between 1900 and 2200. */
export const monthKeySchema = text()
  .max(7, "Use a month like 2026-03")
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-03")
  .refine((m) => m >= "1900-01" && m <= "2200-12", "Choose a month between 1900 and 2200");

/** The usage page: one month, its days in the viewer's zone. */
export const usageSummarySchema = z.object({
  month: monthKeySchema,
  timezone: timeZoneSchema,
});

/** A monthly amount set by a platform admin: a whole number, or null for no limit. */
const monthlyAmount = (label: string) =>
  z
    .number(`${label} must be a number`)
    .int(`${label} must be a whole number`)
    .min(0, `${label} cannot be negative`)
    .max(INT4_MAX, `${label} must be at most ${INT4_MAX.toLocaleString("en-US")}`)
    .nullable();

export const workspaceLimitsSchema = z.object({
  subAccountId: idSchema,
});

export const setWorkspaceLimitsSchema = z.object({
  subAccountId: idSchema,
  monthlyTokenBudget: monthlyAmount("The token budget"),
  monthlySmsLimit: monthlyAmount("The text message limit"),
  monthlyEmailLimit: monthlyAmount("The email limit"),
  monthlyWebLimit: monthlyAmount("The web chat limit"),
});

/** US dollars per million tokens: 0 to 10,000, at most 4 decimals. */
const pricePerMillion = (label: string) =>
  z
    .number(`${label} must be a number`)
    .min(0, `${label} cannot be negative`)
    .max(10_000, `${label} must be at most 10,000 dollars per million tokens`)
    .refine((n) => Number.isFinite(n) && Math.abs(Math.round(n * 10_000) - n * 10_000) < 1e-6, `${label} has at most 4 decimals`);

export const modelNameSchema = text().min(1, "Enter the model's name as the provider spells it").max(200, "The model name is too long");

export const saveModelPriceSchema = z.object({
  model: modelNameSchema,
  inputPerMillion: pricePerMillion("The input price"),
  outputPerMillion: pricePerMillion("The output price"),
});

export const deleteModelPriceSchema = z.object({ id: idSchema });

export type UsageSummaryInput = z.infer<typeof usageSummarySchema>;
export type SetWorkspaceLimitsInput = z.infer<typeof setWorkspaceLimitsSchema>;
export type SaveModelPriceInput = z.infer<typeof saveModelPriceSchema>;
