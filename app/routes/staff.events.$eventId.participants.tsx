import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ChoiceGroup, ErrorSummary, SelectField, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { answerText } from "~/models/event-options";
import { getEventForStaff, questionsOf } from "~/models/events.server";
import {
  addParticipantByHand,
  getParticipants,
  moveRegistration,
  staffAddSchema,
  staffCancelRegistration,
} from "~/models/registrations.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  return {
    event: { id: event.id, title: event.title, capacity: event.capacity, registeredPersons: event.registeredPersons, waitingCount: event.waitingCount, status: event.status },
    questions: questionsOf(event),
    participants: await getParticipants(event.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const here = `/staff/events/${encodeURIComponent(eventId)}/participants`;
  const registrationId = String(form.get("registrationId") ?? "");
  const belongs = registrationId ? (await getParticipants(eventId)).some((p) => p.id === registrationId) : false;
  if (intent === "to-list" || intent === "to-waitlist") {
    if (!belongs) notFound();
    await moveRegistration(user.id, registrationId, intent === "to-list" ? "REGISTERED" : "WAITLISTED");
    return redirect(`${here}?notice=moved`);
  }
  if (intent === "cancel") {
    if (!belongs) notFound();
    await staffCancelRegistration(user.id, registrationId);
    return redirect(`${here}?notice=cancelled`);
  }
  const parsed = parseForm(form, staffAddSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await addParticipantByHand(user.id, eventId, parsed.data);
  if (!result.ok) return invalid({ errors: { _form: result.error === "full" ? "events.signupFull" : "events.signupClosed" }, values: parsed.values }, 409);
  return redirect(`${here}?notice=added&status=${result.status}`);
}

/** Registered, waitlisted and cancelled, with answers; prints on paper (print styles hide the buttons). */
export default function Participants() {
  const t = useT();
  const locale = useLocale();
  const { event, questions, participants } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const noticeText =
    notice === "moved"
      ? t("events.staffMoved")
      : notice === "cancelled"
        ? t("events.staffRegistrationCancelled")
        : notice === "added"
          ? t("events.staffAdded", { status: t(params.get("status") === "WAITLISTED" ? "events.registrationStatus.WAITLISTED" : "events.registrationStatus.REGISTERED") })
          : null;
  const groups = (["REGISTERED", "WAITLISTED", "CANCELLED"] as const).map((status) => ({ status, rows: participants.filter((p) => p.status === status) }));
  return (
    <>
      <p className="no-print">
        <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>
        {t("events.participantsHeading")}: {event.title}
      </h1>
      <Notice text={noticeText} />
      <p><FillText event={event} /></p>
      <ul className="nobullet-list inline-list no-print">
        <li>
          <a className="button button-secondary" href={`/staff/events/${event.id}/participants.csv`} download>
            {t("events.staffCsv")}
          </a>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/attendance`}>
            {t("events.staffAttendance")}
          </Link>
        </li>
      </ul>
      {groups.map(({ status, rows }) => (
        <section key={status} aria-labelledby={`group-${status}`}>
          <h2 id={`group-${status}`} className="h3">
            {t("events.participantsCaption", { status: t(`events.registrationStatus.${status}`), count: rows.length })}
          </h2>
          {rows.length === 0 ? (
            <p>{t("events.participantsNone")}</p>
          ) : (
            <div className="table--responsive-scroll">
              <table className="table table--compact participant-table">
                <thead>
                  <tr>
                    <th scope="col">{t("events.colName")}</th>
                    <th scope="col">{t("events.colContact")}</th>
                    <th scope="col">{t("events.colGroup")}</th>
                    <th scope="col">{t("events.colAnswers")}</th>
                    <th scope="col">{t("events.colRegistered")}</th>
                    {status !== "CANCELLED" && event.status === "PUBLISHED" ? (
                      <th scope="col" className="participant-actions">
                        {t("events.colActions")}
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr key={p.id}>
                      <td>
                        {p.name}
                        {p.organisationName ? <div className="form-hint">{p.organisationName}</div> : null}
                        {p.offerExpiresAt ? <div className="form-hint">{t("events.offerOpenUntil", { date: formatDate(locale, p.offerExpiresAt, "datetime") })}</div> : null}
                      </td>
                      <td>
                        {p.email}
                        {p.phone ? <div>{p.phone}</div> : null}
                      </td>
                      <td>{p.people.join(", ")}</td>
                      <td>
                        {questions
                          .filter((q) => p.answers[q])
                          .map((q) => (
                            <div key={q}>
                              <strong>{t(`events.question.${q}`)}:</strong> <span className="pre-wrap">{answerText(locale, q, p.answers[q])}</span>
                            </div>
                          ))}
                      </td>
                      <td className="nowrap">{formatDate(locale, p.createdAt, "datetime")}</td>
                      {status !== "CANCELLED" && event.status === "PUBLISHED" ? (
                        <td className="participant-actions">
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="registrationId" value={p.id} />
                            <button type="submit" name="intent" value={status === "REGISTERED" ? "to-waitlist" : "to-list"} className="button button-secondary button-small">
                              {t(status === "REGISTERED" ? "events.staffMoveToWaitlist" : "events.staffMoveToList")}
                              <span className="sr-only">: {p.name}</span>
                            </button>
                            <button type="submit" name="intent" value="cancel" className="button button-tertiary button-small">
                              {t("events.staffCancelRegistration")}
                              <span className="sr-only">: {p.name}</span>
                            </button>
                          </Form>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      {event.status === "PUBLISHED" ? (
        <section aria-labelledby="add-heading" className="no-print mt-7">
          <h2 id="add-heading" className="h3">
            {t("events.staffAddHeading")}
          </h2>
          <p>{t("events.staffAddHint")}</p>
          <ErrorSummary state={state} labels={{ name: t("events.colName"), email: t("events.csvEmail") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="add" />
            <TextField name="name" label={t("events.colName")} state={state} maxLength={120} />
            <TextField name="email" type="email" label={t("events.csvEmail")} state={state} optional maxLength={254} />
            <TextField name="phone" type="tel" label={t("events.csvPhone")} state={state} optional maxLength={30} />
            <ChoiceGroup
              kind="radio"
              name="groupSize"
              label={t("events.signupGroupSize")}
              state={state}
              defaultValues={["1"]}
              options={["1", "2", "3"].map((n) => ({ value: n, label: t(`events.group.${n as "1" | "2" | "3"}`) }))}
            />
            <TextField name="person2" label={t("events.signupPerson2")} state={state} optional maxLength={120} />
            <TextField name="person3" label={t("events.signupPerson3")} state={state} optional maxLength={120} />
            <SelectField
              name="locale"
              label={t("events.staffAddLocale")}
              state={state}
              options={[
                { value: "da", label: t("events.language.da") },
                { value: "en", label: t("events.language.en") },
              ]}
            />
            <button type="submit" className="button button-primary">
              {t("events.staffAddSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
