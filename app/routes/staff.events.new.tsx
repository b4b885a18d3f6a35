import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EventForm } from "~/components/events";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { DEFAULT_CALENDAR_TITLE } from "~/models/event-options";
import { paths } from "~/lib/urls";
import { eventFormSchema } from "~/models/event-form";
import { createEvent } from "~/models/events.server";
import { listTracks, trackExists } from "~/models/tracks.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "events.staffCreateTitle");

function rowsFrom(request: Request, existing: number) {
  const asked = Number(new URL(request.url).searchParams.get("rows"));
  return Math.min(20, Math.max(existing + 2, 4, Number.isFinite(asked) ? asked : 0));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  return { rows: rowsFrom(request, 0), tracks: await listTracks() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const parsed = parseForm(await request.formData(), eventFormSchema);
  if (!parsed.ok) return invalid(parsed);
  if (!(await trackExists(parsed.data.track))) return invalid({ errors: { track: "status.errorTrackUnknown" }, values: parsed.values });
  const event = await createEvent(user.id, parsed.data);
  return redirectWithNotice(paths.staffEvent(event.id), "events.staffCreated");
}

export default function NewEvent() {
  const t = useT();
  const { rows, tracks } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const defaults = {
    kind: "COURSE_PARENTS",
    discreet: "auto",
    track: "1",
    audience: "RELATIVES",
    visibility: "PUBLIC",
    languages: "da",
    waitlistEnabled: "on",
    questions: "relation,interpreter,comment",
    calendarTitle: DEFAULT_CALENDAR_TITLE,
  };
  const typedRows = state?.values?.["sessionDate[]"]?.split("\n").length ?? 0;
  return (
    <>
      <h1>{t("events.staffCreateTitle")}</h1>
      <EventForm state={state} defaults={defaults} rows={Math.max(rows, typedRows)} submitLabel={t("events.staffSave")} tracks={tracks} />
    </>
  );
}
