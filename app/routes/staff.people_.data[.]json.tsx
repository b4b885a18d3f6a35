import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/lib/http.server";
import { requireStaff } from "~/lib/session.server";
import { myDataRequestSchema } from "~/models/data-access.server";
import { staffPersonExport } from "~/models/person-export.server";

/** One person's data as a file, the same as their own download; audited under the pseudonymous reference. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  const parsed = myDataRequestSchema.safeParse({ email: new URL(request.url).searchParams.get("email") });
  if (!parsed.success) notFound();
  const file = await staffPersonExport({ actorId: user.id, email: parsed.data.email, format: "json" });
  return new Response(file.content, {
    headers: { "Content-Type": file.contentType, "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "no-store" },
  });
}
