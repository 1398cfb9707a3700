-- CreateEnum
CREATE TYPE "AiProvider" AS ENUM ('openai', 'openai_compatible');

-- CreateTable
CREATE TABLE "PlatformAiModel" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "provider" "AiProvider" NOT NULL,
    "baseUrl" TEXT,
    "model" TEXT NOT NULL,
    "apiKey" TEXT,
    "updatedByAdminId" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlatformAiModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceAiModel" (
    "id" SERIAL NOT NULL,
    "subAccountId" INTEGER NOT NULL,
    "provider" "AiProvider" NOT NULL,
    "baseUrl" TEXT,
    "model" TEXT NOT NULL,
    "apiKey" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkspaceAiModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceAiModel_subAccountId_key" ON "WorkspaceAiModel"("subAccountId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceAiModel_subAccountId_id_key" ON "WorkspaceAiModel"("subAccountId", "id");

-- AddForeignKey
ALTER TABLE "WorkspaceAiModel" ADD CONSTRAINT "WorkspaceAiModel_subAccountId_fkey" FOREIGN KEY ("subAccountId") REFERENCES "SubAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One row only: the platform default.
ALTER TABLE "PlatformAiModel" ADD CONSTRAINT "PlatformAiModel_single_row" CHECK ("id" = 1);
