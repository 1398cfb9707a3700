import { CUSTOM_FIELD_PREFIX, type ImportField, type ImportMapping, type ImportTarget } from "@/schemas/imports";

/**
 * Header names people use for each lead field, compared after lower-casing and dropping everything but letters
 * and digits ("E-mail Address" -> "emailaddress").
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  name: ["name", "fullname", "contactname", "leadname", "contact", "lead", "customer", "customername", "nombre", "nom", "nome"],
  firstName: ["firstname", "first", "givenname", "forename", "fname"],
  lastName: ["lastname", "last", "surname", "familyname", "lname"],
  email: ["email", "emailaddress", "mail", "emails", "workemail", "primaryemail", "correo"],
  phone: ["phone", "phonenumber", "mobile", "mobilephone", "cell", "cellphone", "telephone", "tel", "mobilenumber", "primaryphone", "whatsapp", "telefono"],
  company: ["company", "companyname", "organization", "organisation", "business", "businessname", "account", "accountname", "employer", "empresa"],
  position: ["position", "title", "jobtitle", "role", "jobrole", "designation"],
  timezone: ["timezone", "tz", "zone", "timezonename"],
  status: ["status", "leadstatus", "stage"],
  source: ["source", "leadsource", "origin", "channel"],
  customId: ["id", "customid", "externalid", "leadid", "crmid", "reference", "ref"],
  notes: ["notes", "note", "comments", "comment", "description", "remarks"],
};

const normalize = (header: string) => header.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

const BY_SYNONYM = new Map<string, ImportField>();
for (const [field, synonyms] of Object.entries(SYNONYMS) as [ImportField, readonly string[]][]) {
  for (const synonym of synonyms) BY_SYNONYM.set(synonym, field);
}

/**
 * A first guess the user adjusts: each header matched to a lead field by name (first match wins), a column
 * whose values look like emails or phones when its header says nothing, the rest as custom fields.
 * Full name wins over first/last name when both exist.
 */
export function suggestMapping(headers: string[], sampleRows: string[][]): ImportMapping {
  const mapping: Record<string, ImportTarget> = {};
  const used = new Set<ImportTarget>();
  headers.forEach((header, index) => {
    const field = BY_SYNONYM.get(normalize(header));
    if (field && !used.has(field)) {
      mapping[String(index)] = field;
      used.add(field);
    }
  });
  headers.forEach((_header, index) => {
    if (mapping[String(index)]) return;
    const values = sampleRows.map((row) => row[index] ?? "").filter((v) => v !== "");
    if (values.length === 0) return;
    if (!used.has("email") && values.every((v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))) {
      mapping[String(index)] = "email";
      used.add("email");
    } else if (!used.has("phone") && values.every((v) => /^\+?[\d\s().-]{7,20}$/.test(v))) {
      mapping[String(index)] = "phone";
      used.add("phone");
    }
  });
  if (used.has("name")) {
    for (const [column, target] of Object.entries(mapping)) {
      if (target === "firstName" || target === "lastName") mapping[column] = "ignore";
    }
  }
  headers.forEach((header, index) => {
    if (mapping[String(index)]) return;
    const label = header.replace(/[^\p{L}\p{N} _.-]+/gu, " ").trim().slice(0, 60);
    const taken = new Set(Object.values(mapping).map((t) => t.toLowerCase()));
    const target = `${CUSTOM_FIELD_PREFIX}${label}`;
    mapping[String(index)] = label && !taken.has(target.toLowerCase()) ? target : "ignore";
  });
  return mapping;
}
