import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { registrationCalendarFile } from "~/models/registrations.server";

/**
 * The person's own calendar file, behind their private link: the file their confirmation mail carries (same UIDs,
 * they as ATTENDEE), so later updates and a cancellation reach the entry. Only while they have a place.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const body = await registrationCalendarFile(params.token ?? "");
  if (!body) notFound();
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="arrangement.ics"',
      "Cache-Control": "no-store",
      "Referrer-Policy": "no-referrer",
    },
  });
}
