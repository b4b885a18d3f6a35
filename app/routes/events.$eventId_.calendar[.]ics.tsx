import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { paths } from "~/lib/urls";
import { eventRedirect, publicEventIcs } from "~/models/public-events.server";

/** One event's public calendar file: every session, discreet title, no participant and no online link. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const viewer = context.user ? { userId: context.user.id, role: context.user.role } : null;
  const requested = params.eventId ?? "";
  const found = await publicEventIcs(requested, viewer);
  if (!found) throw notFound();
  if (eventRedirect(requested, found.event)) throw redirect(paths.eventCalendar(found.event), { status: 301, headers: { "Cache-Control": "no-store" } });
  return new Response(found.body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="arrangement.ics"',
      "Cache-Control": "no-store",
    },
  });
}
