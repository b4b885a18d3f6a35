import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { memberFeedIcs } from "~/models/feeds.server";

/**
 * A member's secret calendar feed (the token is the key; only its hash is stored). Discreet titles, no participants.
 * no-store and no-referrer come with every secret-link address (app/lib/access.ts, secretLinkRoutes).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const body = await memberFeedIcs(params.token ?? "", "da");
  if (body === null) throw notFound();
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="vink-medlem.ics"',
    },
  });
}
