import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { requireStaff } from "~/lib/session.server";
import { participantsCsv } from "~/models/participants-csv.server";

/** The participant list for Danish Excel: semicolons, UTF-8 with BOM, formula-like cells neutralised. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  const csv = await participantsCsv({ eventId: params.eventId ?? "", locale: context.locale, actorId: user.id });
  if (!csv) notFound();
  return new Response(csv.content, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csv.filename.replace(/[^A-Za-z0-9._-]/g, "")}"`,
      "Cache-Control": "no-store",
    },
  });
}
