import { parsePhoneNumberWithError, ParseError, type CountryCode } from "libphonenumber-js/max";
import { AppError } from "@/server/errors";
import { workspaceSettingsSchema } from "@/schemas/workspaces";

/**
 * Phone numbers, one way everywhere: stored as E.164, read in the workspace's default region when written
 * without a country code (SubAccount.settings.defaultRegion, else US).
 */
export function regionFromSettings(settings: unknown): CountryCode {
  const parsed = workspaceSettingsSchema.safeParse(settings ?? {});
  return ((parsed.success ? parsed.data.defaultRegion : undefined) ?? "US") as CountryCode;
}

const PARSE_PROBLEMS: Record<string, string> = {
  INVALID_COUNTRY: "has no country code and the workspace's default region cannot read it (start it with +)",
  NOT_A_NUMBER: "is not a phone number",
  TOO_SHORT: "is too short",
  TOO_LONG: "is too long",
  INVALID_LENGTH: "has the wrong number of digits",
};

/** A phone as E.164 ("+15551234567"), or a field error on `field` saying what is wrong with it. */
export function normalizePhone(raw: string, region: CountryCode, field = "phone"): string {
  try {
    const phone = parsePhoneNumberWithError(raw, { defaultCountry: region });
    if (!phone.isValid()) throw AppError.field(field, `"${raw}" is not a valid phone number for ${phone.country ?? region}`);
    return phone.number;
  } catch (e) {
    if (e instanceof ParseError) {
      throw AppError.field(field, `"${raw}" ${PARSE_PROBLEMS[e.message] ?? "cannot be read as a phone number"}`);
    }
    throw e;
  }
}
