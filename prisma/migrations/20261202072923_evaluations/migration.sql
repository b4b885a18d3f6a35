-- Evaluations (docs/decisions/0026-evaluations.md). Edited by hand: the answer, score and receipt tables are WITHOUT
-- ROWID, so their rows are kept in primary-key order (random answer ids; registration ids) and no rowid counts the
-- order in which answers came. Prisma's schema cannot say this; nothing else differs from the generated SQL.

-- CreateTable
CREATE TABLE "Questionnaire" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "askStart" BOOLEAN NOT NULL DEFAULT true,
    "askEnd" BOOLEAN NOT NULL DEFAULT true,
    "freeTextQuestion" TEXT,
    "startCode" TEXT NOT NULL,
    "endCode" TEXT NOT NULL,
    "endMailedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Questionnaire_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationStatement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionnaireId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "EvaluationStatement_questionnaireId_fkey" FOREIGN KEY ("questionnaireId") REFERENCES "Questionnaire" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EvaluationAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "questionnaireId" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    "freeText" TEXT,
    CONSTRAINT "EvaluationAnswer_questionnaireId_fkey" FOREIGN KEY ("questionnaireId") REFERENCES "Questionnaire" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "EvaluationScore" (
    "answerId" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "wave" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    PRIMARY KEY ("answerId", "statementId"),
    CONSTRAINT "EvaluationScore_answerId_fkey" FOREIGN KEY ("answerId") REFERENCES "EvaluationAnswer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EvaluationScore_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "EvaluationStatement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "EvaluationReceipt" (
    "registrationId" TEXT NOT NULL,
    "wave" TEXT NOT NULL,

    PRIMARY KEY ("registrationId", "wave"),
    CONSTRAINT "EvaluationReceipt_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;

-- CreateTable
CREATE TABLE "EvaluationLink" (
    "tokenHash" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    CONSTRAINT "EvaluationLink_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Questionnaire_eventId_key" ON "Questionnaire"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "Questionnaire_startCode_key" ON "Questionnaire"("startCode");

-- CreateIndex
CREATE UNIQUE INDEX "Questionnaire_endCode_key" ON "Questionnaire"("endCode");

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationStatement_questionnaireId_position_key" ON "EvaluationStatement"("questionnaireId", "position");

-- CreateIndex
CREATE INDEX "EvaluationAnswer_questionnaireId_wave_idx" ON "EvaluationAnswer"("questionnaireId", "wave");

-- CreateIndex
CREATE INDEX "EvaluationScore_statementId_wave_value_idx" ON "EvaluationScore"("statementId", "wave", "value");

-- CreateIndex
CREATE INDEX "EvaluationLink_registrationId_idx" ON "EvaluationLink"("registrationId");

