-- Trigram operators for the GIN search indexes below (ILIKE %term%).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Lead_subAccountId_status_idx";

-- CreateIndex
CREATE INDEX "Lead_subAccountId_name_id_idx" ON "Lead"("subAccountId", "name", "id");

-- CreateIndex
CREATE INDEX "Lead_subAccountId_status_id_idx" ON "Lead"("subAccountId", "status", "id");

-- CreateIndex
CREATE INDEX "Lead_name_idx" ON "Lead" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_email_idx" ON "Lead" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_phone_idx" ON "Lead" USING GIN ("phone" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_company_idx" ON "Lead" USING GIN ("company" gin_trgm_ops);
