import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { openDataAccess } from "~/models/data-access.server";
import { ownPersonData } from "~/models/person-data.server";
import { personExport } from "~/models/person-export.server";

/** The person's own data as a file (GDPR Art. 20), behind the same link as the page; a link that ran out is 410. */
export async function loader({ params }: LoaderFunctionArgs) {
  const access = await openDataAccess(params.token ?? "");
  if (!access) notFound();
  if (access === "expired") throw new Response("Gone", { status: 410, statusText: "Gone" });
  const file = personExport((await ownPersonData(access.email)).data, "csv");
  return new Response(file.content, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "no-store" },
  });
}
