-- Written by hand instead of the generated table rebuild: a rebuild of "Event" would drop the page cache's triggers
-- (20261129174227_public_data_version), and a new NOT NULL column needs a value for every existing row.

-- The SEQUENCE of the last calendar file sent to a registration's address (RFC 5546: a CANCEL must be higher).
ALTER TABLE "Registration" ADD COLUMN "calendarSequence" INTEGER;

-- A discreet event: no word of its topic in its public address, tab title, calendar entries or mail openings.
ALTER TABLE "Event" ADD COLUMN "discreet" BOOLEAN NOT NULL DEFAULT false;
-- Its opaque public address; every event has one, so marking an event discreet later needs no new value.
ALTER TABLE "Event" ADD COLUMN "shortId" TEXT NOT NULL DEFAULT '';
UPDATE "Event" SET "shortId" = lower(hex(randomblob(5)));
CREATE UNIQUE INDEX "Event_shortId_key" ON "Event"("shortId");

-- Courses and networks for relatives are discreet from now on (staff can turn it off per event).
UPDATE "Event" SET "discreet" = true WHERE "kind" IN ('COURSE_PARENTS', 'COURSE_SIBLINGS', 'COURSE_RELATIVES') OR "audience" = 'RELATIVES';
