import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetTransport } from "~/lib/mail-worker.server";
import { TestSmtp } from "./smtp";

/**
 * A real SMTP server for the whole test file: started before the first test, made the portal's SMTP_URL, stopped
 * after the last. The returned server is usable as soon as the file's tests run; like the database, it holds only
 * what the running test sent (emptied before each test).
 */
export function smtpServerForFile(): TestSmtp {
  const smtp = new TestSmtp();
  beforeAll(async () => {
    await smtp.start();
    process.env.SMTP_URL = smtp.url;
    resetTransport();
  });
  beforeEach(() => {
    smtp.clear();
  });
  afterAll(async () => {
    resetTransport();
    await smtp.stop();
  });
  return smtp;
}
