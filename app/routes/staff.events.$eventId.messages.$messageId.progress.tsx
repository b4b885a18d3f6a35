import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { requireStaff } from "~/lib/session.server";
import { getParticipantMessage, participantMessageProgress } from "~/models/participant-messages.server";

/** JSON for the progress bar of one message to participants: sent / failed / waiting, read from the outbox. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const message = await getParticipantMessage({ eventId: params.eventId ?? "", messageId: params.messageId ?? "" });
  if (!message) notFound();
  return Response.json(await participantMessageProgress(message.id), { headers: { "Cache-Control": "no-store" } });
}
