import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { EventForm, FillText } from "~/components/events";
import { ErrorSummary, TextArea } from "~/components/form";
import { optionalText } from "~/lib/field-rules";
import { invalid, parseForm } from "~/lib/forms.server";
import { redirectWithNotice } from "~/lib/flash.server";
import { notFound } from "~/lib/http.server";
import { translate, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { eventFormSchema, toFormParts } from "~/models/event-form";
import { eventState } from "~/models/event-options";
import { cancelEvent, duplicateEvent, getEventForStaff, publishEvent, updateEvent } from "~/models/events.server";
import { listTracks, trackExists } from "~/models/tracks.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";
import { paths } from "~/lib/urls";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

const cancelSchema = z.object({
  message: optionalText({ max: 5000, messages: { tooLong: "events.errorTooLong" } }).transform((v) => v ?? ""),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  const asked = Number(new URL(request.url).searchParams.get("rows"));
  const rows = Math.min(20, Math.max(event.sessions.length + (event.status === "DRAFT" ? 2 : 1), Number.isFinite(asked) ? asked : 0));
  const local = (d: Date | null) => (d ? toFormParts(d).local : "");
  const defaults = {
    kind: event.kind,
    // an event's setting, once saved, is shown as it is; "auto" stays on offer to hand it back to the rule
    discreet: event.discreet ? "yes" : "no",
    title: event.title,
    summary: event.summary,
    description: event.description,
    track: String(event.track),
    audience: event.audience,
    visibility: event.visibility,
    placeAddress: event.placeAddress ?? "",
    placeRoom: event.placeRoom ?? "",
    placeDirections: event.placeDirections ?? "",
    placeAccessibility: event.placeAccessibility ?? "",
    onlineUrl: event.onlineUrl ?? "",
    languages: event.languages,
    capacity: event.capacity === null ? "" : String(event.capacity),
    registrationOpensAt: local(event.registrationOpensAt),
    registrationClosesAt: local(event.registrationClosesAt),
    waitlistEnabled: event.waitlistEnabled ? "on" : "",
    questions: event.questions,
    calendarTitle: event.calendarTitle,
  };
  const sessions = event.sessions.map((s) => {
    const start = toFormParts(s.startsAt);
    return { id: s.id, date: start.date, start: start.time, end: toFormParts(s.endsAt).time, address: s.placeAddress ?? "", room: s.placeRoom ?? "" };
  });
  return {
    event: { id: event.id, path: paths.publicEvent(event), discreet: event.discreet, title: event.title, status: event.status, capacity: event.capacity, registeredPersons: event.registeredPersons, waitingCount: event.waitingCount },
    state: eventState(event),
    defaults,
    sessions,
    rows,
    tracks: await listTracks(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  const here = paths.staffEvent(eventId);
  if (intent === "publish") {
    await publishEvent({ actorId: user.id, eventId });
    return redirectWithNotice(here, "events.staffPublished");
  }
  if (intent === "duplicate") {
    const copy = await duplicateEvent({ actorId: user.id, eventId, copySuffix: translate(context.locale, "events.copySuffix") });
    if (!copy) notFound();
    return redirectWithNotice(paths.staffEvent(copy.id), "events.staffDuplicated");
  }
  if (intent === "cancel") {
    const parsed = parseForm(form, cancelSchema);
    if (!parsed.ok) return invalid(parsed);
    const result = await cancelEvent({ actorId: user.id, eventId, message: parsed.data.message });
    return redirectWithNotice(here, "events.staffCancelled", { count: result.notified });
  }
  const parsed = parseForm(form, eventFormSchema);
  if (!parsed.ok) return invalid(parsed);
  if (!(await trackExists(parsed.data.track))) return invalid({ errors: { track: "status.errorTrackUnknown" }, values: parsed.values });
  const result = await updateEvent({ actorId: user.id, eventId, input: parsed.data });
  if (!result.ok) {
    if (result.error === "not-found") notFound();
    const key = result.error === "session-removed" ? "events.errorSessionRemoved" : "events.errorEventCancelled";
    return invalid({ errors: { _form: key }, values: parsed.values }, 409);
  }
  return result.notified > 0 ? redirectWithNotice(here, "events.staffSavedNotified", { count: result.notified }) : redirectWithNotice(here, "events.staffSaved");
}

export default function EditEvent() {
  const t = useT();
  const { event, state, defaults, sessions, rows, tracks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const formState = actionData && "errors" in actionData ? actionData : undefined;
  const isCancelForm = formState?.values && "message" in formState.values;
  return (
    <>
      <h1>{t("events.staffEditHeading", { title: event.title })}</h1>
      <Notice />
      <p>
        <strong>{t("events.staffColState")}:</strong> {t(`events.state.${state}`)} ·{" "}
        <strong>{t("participants.colFill")}:</strong>{" "}
        <FillText event={event} />
      </p>
      <p>
        <strong>{t("events.staffDiscreet")}:</strong> {event.discreet ? t("events.yes") : t("events.no")} ·{" "}
        <strong>{t("events.staffPublicAddress")}:</strong> <code>{event.path}</code>
      </p>
      <h2 className="h3">{t("events.staffActions")}</h2>
      <ul className="nobullet-list inline-list">
        {event.status === "DRAFT" ? (
          <li>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button button-primary">
                {t("events.staffPublish")}
              </button>
            </Form>
          </li>
        ) : null}
        <li>
          <Form method="post">
            <input type="hidden" name="intent" value="duplicate" />
            <button type="submit" className="button button-secondary">
              {t("events.staffDuplicate")}
            </button>
          </Form>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/participants`}>
            {t("events.staffParticipants")}
          </Link>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/messages`}>
            {t("participants.messagesLink")}
          </Link>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/attendance`}>
            {t("events.staffAttendance")}
          </Link>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/invitations`}>
            {t("invitations.heading")}
          </Link>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/evaluation`}>
            {t("evaluations.staffLink")}
          </Link>
        </li>
        {event.status !== "DRAFT" ? (
          <li>
            <Link className="button button-tertiary" to={event.path}>
              {t("events.staffView")}
            </Link>
          </li>
        ) : (
          <li>
            <Link className="button button-tertiary" to={`/staff/events/${event.id}/preview`}>
              {t("participants.previewLink")}
            </Link>
          </li>
        )}
      </ul>

      {event.status !== "CANCELLED" ? (
        <>
          <h2>{t("events.staffEditTitle")}</h2>
          <EventForm state={isCancelForm ? undefined : formState} defaults={defaults} sessions={sessions} rows={rows} submitLabel={t("events.staffSave")} tracks={tracks} />
          <section aria-labelledby="cancel-heading" className="mt-7">
            <h2 id="cancel-heading">{t("events.staffCancelHeading")}</h2>
            {isCancelForm ? <ErrorSummary state={formState} labels={{ message: t("events.staffCancelMessage") }} /> : null}
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="cancel" />
              <TextArea name="message" label={t("events.staffCancelMessage")} hint={t("events.staffCancelHint")} state={isCancelForm ? formState : undefined} optional rows={4} />
              <button type="submit" className="button button-secondary">
                {t("events.staffCancelSubmit")}
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}
