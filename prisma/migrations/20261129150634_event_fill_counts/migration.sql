-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Event" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "track" INTEGER NOT NULL,
    "audience" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "placeAddress" TEXT,
    "placeRoom" TEXT,
    "placeDirections" TEXT,
    "placeAccessibility" TEXT,
    "onlineUrl" TEXT,
    "languages" TEXT NOT NULL DEFAULT 'da',
    "capacity" INTEGER,
    "registrationOpensAt" DATETIME,
    "registrationClosesAt" DATETIME,
    "waitlistEnabled" BOOLEAN NOT NULL DEFAULT true,
    "questions" TEXT NOT NULL DEFAULT '',
    "calendarTitle" TEXT NOT NULL DEFAULT 'Arrangement — VINK',
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "registeredPersons" INTEGER NOT NULL DEFAULT 0,
    "heldPersons" INTEGER NOT NULL DEFAULT 0,
    "waitingCount" INTEGER NOT NULL DEFAULT 0,
    "cancelMessage" TEXT,
    "cancelledAt" DATETIME,
    "publishedAt" DATETIME,
    "firstStartsAt" DATETIME,
    "lastEndsAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Event" ("audience", "calendarTitle", "cancelMessage", "cancelledAt", "capacity", "createdAt", "createdById", "description", "firstStartsAt", "id", "kind", "languages", "lastEndsAt", "onlineUrl", "placeAccessibility", "placeAddress", "placeDirections", "placeRoom", "publishedAt", "questions", "registrationClosesAt", "registrationOpensAt", "sequence", "slug", "status", "summary", "title", "track", "updatedAt", "visibility", "waitlistEnabled") SELECT "audience", "calendarTitle", "cancelMessage", "cancelledAt", "capacity", "createdAt", "createdById", "description", "firstStartsAt", "id", "kind", "languages", "lastEndsAt", "onlineUrl", "placeAccessibility", "placeAddress", "placeDirections", "placeRoom", "publishedAt", "questions", "registrationClosesAt", "registrationOpensAt", "sequence", "slug", "status", "summary", "title", "track", "updatedAt", "visibility", "waitlistEnabled" FROM "Event";
DROP TABLE "Event";
ALTER TABLE "new_Event" RENAME TO "Event";
CREATE UNIQUE INDEX "Event_slug_key" ON "Event"("slug");
CREATE INDEX "Event_status_visibility_firstStartsAt_idx" ON "Event"("status", "visibility", "firstStartsAt");
CREATE INDEX "Event_lastEndsAt_idx" ON "Event"("lastEndsAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

