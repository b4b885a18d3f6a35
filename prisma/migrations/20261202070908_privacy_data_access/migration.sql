-- CreateTable
CREATE TABLE "DataAccessToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "DataAccessToken_tokenHash_key" ON "DataAccessToken"("tokenHash");

-- CreateIndex
CREATE INDEX "DataAccessToken_email_idx" ON "DataAccessToken"("email");

-- CreateIndex
CREATE INDEX "DataAccessToken_expiresAt_idx" ON "DataAccessToken"("expiresAt");

