-- The page cache's version number (app/lib/page-cache.server.ts): one row, raised by the triggers below whenever a
-- table that public pages are made from changes, by any process. A later migration that rebuilds one of these tables
-- (SQLite's way to alter a column) drops its triggers: add them again there; test/foundation/page-cache.test.ts fails
-- until it is done.
CREATE TABLE "PublicDataVersion" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 0
);

INSERT INTO "PublicDataVersion" ("id", "version") VALUES (1, 0);

CREATE TRIGGER "Event_public_insert" AFTER INSERT ON "Event" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Event_public_update" AFTER UPDATE ON "Event" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Event_public_delete" AFTER DELETE ON "Event" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "EventSession_public_insert" AFTER INSERT ON "EventSession" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "EventSession_public_update" AFTER UPDATE ON "EventSession" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "EventSession_public_delete" AFTER DELETE ON "EventSession" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Registration_public_insert" AFTER INSERT ON "Registration" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Registration_public_update" AFTER UPDATE ON "Registration" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Registration_public_delete" AFTER DELETE ON "Registration" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WaitlistOffer_public_insert" AFTER INSERT ON "WaitlistOffer" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WaitlistOffer_public_update" AFTER UPDATE ON "WaitlistOffer" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "WaitlistOffer_public_delete" AFTER DELETE ON "WaitlistOffer" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Organisation_public_insert" AFTER INSERT ON "Organisation" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Organisation_public_update" AFTER UPDATE ON "Organisation" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "Organisation_public_delete" AFTER DELETE ON "Organisation" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterVersion_public_insert" AFTER INSERT ON "CharterVersion" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterVersion_public_update" AFTER UPDATE ON "CharterVersion" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterVersion_public_delete" AFTER DELETE ON "CharterVersion" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterSignature_public_insert" AFTER INSERT ON "CharterSignature" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterSignature_public_update" AFTER UPDATE ON "CharterSignature" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "CharterSignature_public_delete" AFTER DELETE ON "CharterSignature" BEGIN UPDATE "PublicDataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END;
