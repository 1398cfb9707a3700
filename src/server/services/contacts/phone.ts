import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { AppError } from "@/server/errors";

/** The workspace's region for numbers written without a country code (SubAccount.settings.defaultRegion, default US). */
export function defaultRegionOf(settings: unknown): CountryCode {
  const region = (settings as { defaultRegion?: unknown } | null)?.defaultRegion;
  return typeof region === "string" && /^[A-Z]{2}$/.test(region) ? (region as CountryCode) : "US";
}

/** E.164, or a field error on `field` naming the problem. */
export function normalizePhone(raw: string, region: CountryCode, field = "phone"): string {
  const parsed = parsePhoneNumberFromString(raw, region);
  if (!parsed || !parsed.isValid()) {
    throw AppError.field(field, `Enter a valid phone number (numbers without a country code are read as ${region}).`);
  }
  return parsed.number;
}
