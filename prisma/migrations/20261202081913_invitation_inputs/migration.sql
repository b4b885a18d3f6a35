-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "messageEn" TEXT;
ALTER TABLE "Invitation" ADD COLUMN "scheduledFor" DATETIME;

-- CreateTable
CREATE TABLE "InvitationLeftOut" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "invitationId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "line" INTEGER,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "problem" TEXT,
    CONSTRAINT "InvitationLeftOut_invitationId_fkey" FOREIGN KEY ("invitationId") REFERENCES "Invitation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "InvitationLeftOut_invitationId_reason_idx" ON "InvitationLeftOut"("invitationId", "reason");

