import { db } from "~/lib/db.server";
import { isProduction } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";

/**
 * The development mailbox: without SMTP_URL (never in production, which refuses to start without it) the worker marks
 * mail as sent without sending it, and staff read it here. Every function answers 404 in production.
 */
function refuseInProduction() {
  if (isProduction()) notFound();
}

export async function listDevMail(limit = 100) {
  refuseInProduction();
  return db.emailOutbox.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, toAddress: true, toName: true, subject: true, kind: true, status: true, createdAt: true, sentAt: true },
  });
}

export async function getDevMail(id: string) {
  refuseInProduction();
  return db.emailOutbox.findUnique({
    where: { id },
    select: {
      id: true,
      toAddress: true,
      toName: true,
      subject: true,
      kind: true,
      status: true,
      createdAt: true,
      sentAt: true,
      attempts: true,
      lastError: true,
      text: true,
      html: true,
      icsMethod: true,
      icsContent: true,
      icsFilename: true,
    },
  });
}
