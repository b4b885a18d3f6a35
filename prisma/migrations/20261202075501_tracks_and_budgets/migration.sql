-- CreateTable
CREATE TABLE "Track" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TrackBudget" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trackId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TrackBudget_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventTally" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "registeredPersons" INTEGER NOT NULL DEFAULT 0,
    "unmetDemand" INTEGER NOT NULL DEFAULT 0,
    "attendances" INTEGER NOT NULL DEFAULT 0,
    "attendanceRecorded" INTEGER NOT NULL DEFAULT 0,
    "participants" INTEGER NOT NULL DEFAULT 0,
    "mailings" INTEGER NOT NULL DEFAULT 0,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "answered" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Track_number_key" ON "Track"("number");

-- CreateIndex
CREATE UNIQUE INDEX "TrackBudget_trackId_year_key" ON "TrackBudget"("trackId", "year");


-- The action plan's three tracks, so every event's track number (1-3, already on every event) names a row here
INSERT INTO "Track" ("id", "number", "name", "description", "createdAt", "updatedAt") VALUES
  ('track-1', 1, 'Håndtering af bekymringer', 'Rådgivning og opfølgning, når nogen er bekymret for et ungt menneske.', strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now')),
  ('track-2', 2, 'Rådgivning og opkvalificering af fagpersoner og civilsamfund', 'Temadage, oplæg og netværksmøder for frontpersonale og foreninger.', strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now')),
  ('track-3', 3, 'Forebyggende arbejde', 'Medborgerforum og kurserne for pårørende.', strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000+00:00', 'now'));
