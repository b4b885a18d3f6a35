import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "~/lib/env.server";
import { publicFeedIcs } from "~/models/public-events.server";

/** The public feed of all public published events (also offered as webcal:). No participant data, discreet titles. */
export async function loader(_: LoaderFunctionArgs) {
  const body = await publicFeedIcs(`${env().UNIT_NAME}`);
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="vink.ics"',
      "Cache-Control": "public, max-age=300",
    },
  });
}
