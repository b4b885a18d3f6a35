import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { requireStaff } from "~/lib/session.server";
import { getInvitation, invitationProgress } from "~/models/invitation-progress.server";

/** JSON for the progress bar: sent / failed / waiting of one invitation, read from the outbox. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const invitation = await getInvitation(params.invitationId ?? "");
  if (!invitation || invitation.eventId !== params.eventId) notFound();
  const progress = await invitationProgress(invitation.id);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
