import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { publicEventIcs } from "~/models/events.server";

/** One event's public calendar file: every session, discreet title, no participant and no online link. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = context.user ? { userId: context.user.id, role: context.user.role } : null;
  const body = await publicEventIcs(params.eventId ?? "", viewer);
  if (!body) notFound();
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="arrangement.ics"',
      "Cache-Control": "no-store",
    },
  });
}
