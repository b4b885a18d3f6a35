import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { requireStaff } from "~/lib/session.server";
import { statusWorkbook } from "~/models/status-xlsx.server";
import { yearFromUrl } from "~/models/status.server";

/** The yearly status as a spreadsheet: one sheet per section, small counts of people suppressed as on the page. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const year = yearFromUrl(request.url);
  if (year === null) notFound();
  const body = await statusWorkbook(year, context.locale);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="vink-status-${year}.xlsx"`,
      "Cache-Control": "no-store",
    },
  });
}
