-- One trigram index for the leads search instead of four: a lead insert or update then maintains one GIN index
-- (the import's biggest cost after parsing). The expression must match list-leads.ts's search condition exactly.
-- Hand-written (Prisma cannot express an index on an expression).

-- DropIndex
DROP INDEX "Lead_name_idx";

-- DropIndex
DROP INDEX "Lead_email_idx";

-- DropIndex
DROP INDEX "Lead_phone_idx";

-- DropIndex
DROP INDEX "Lead_company_idx";

CREATE INDEX "Lead_search_text_idx" ON "Lead" USING GIN (
  (name || E'\x1f' || COALESCE(email, '') || E'\x1f' || COALESCE(phone, '') || E'\x1f' || COALESCE(company, '')) gin_trgm_ops
);
