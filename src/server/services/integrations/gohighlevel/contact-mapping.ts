import type { GhlContact } from "@/server/integrations/gohighlevel/client";
import type { GhlContactField, PushedLeadField } from "@/server/integrations/gohighlevel/template";
import { stripUnstorable } from "@/schemas/common";
import { normalizePhone } from "@/server/services/phone";
import type { CountryCode } from "libphonenumber-js";

/** Text from GoHighLevel made storable (no NUL bytes or lone surrogates) and bounded. */
const clean = (value: unknown, max = 200): string | null => {
  if (typeof value !== "string") return null;
  const text = stripUnstorable(value).trim().slice(0, max);
  return text || null;
};

export interface LeadFieldsFromGhl {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
}

/** A GoHighLevel contact as our lead's fields (a phone we cannot read as a number is left out, never stored wrong). */
export function leadFieldsOf(contact: Partial<GhlContact>, region: CountryCode): LeadFieldsFromGhl {
  const fullName = [clean(contact.firstName, 100), clean(contact.lastName, 100)].filter(Boolean).join(" ");
  const email = clean(contact.email, 254)?.toLowerCase() ?? null;
  const rawPhone = clean(contact.phone, 40);
  let phone: string | null = null;
  if (rawPhone) {
    try {
      phone = normalizePhone(rawPhone, region);
    } catch {
      phone = null;
    }
  }
  const name = clean(contact.contactName) ?? (fullName || null) ?? clean(contact.name) ?? email ?? phone ?? "GoHighLevel contact";
  return { name, email, phone, company: clean(contact.companyName) };
}

export interface PushedLead {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  source: string | null;
  status: string;
}

/** Our lead as a GoHighLevel contact body, field by field as the workspace mapped them ("none": not sent). */
export function contactBodyOf(lead: PushedLead, mapping: Record<PushedLeadField, GhlContactField>): Partial<GhlContact> {
  const body: Partial<GhlContact> & Record<string, unknown> = {};
  const tags: string[] = [];
  for (const [field, target] of Object.entries(mapping) as [PushedLeadField, GhlContactField][]) {
    const value = lead[field];
    if (value === null || value === "" || target === "none") continue;
    if (target === "tag") tags.push(field === "status" ? `status: ${value}` : String(value));
    else if (target === "name") {
      const [first, ...rest] = String(value).split(/\s+/);
      body.firstName = first ?? null;
      body.lastName = rest.join(" ") || null;
    } else body[target] = value;
  }
  if (tags.length) body.tags = tags;
  return body;
}
