-- CreateTable
CREATE TABLE "ParticipantMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "messageDa" TEXT NOT NULL,
    "messageEn" TEXT,
    "audience" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateIndex
CREATE INDEX "ParticipantMessage_eventId_createdAt_idx" ON "ParticipantMessage"("eventId", "createdAt");

