import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AvailabilityTag, QuestionFields, SessionList } from "~/components/events";
import { Checkbox, ChoiceGroup, ErrorSummary, TextField } from "~/components/form";
import { googleCalendarUrl, outlookCalendarUrl } from "~/lib/calendar.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle, textTitle } from "~/lib/meta";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { publicEventPath } from "~/models/event-options";
import { eventRedirect, getPublicEvent } from "~/models/events.server";
import { listMemberContactsForEvent, registerForEvent, registerMemberContact, signupSchema } from "~/models/registrations.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];

// A discreet event's tab title (and so the browser history) names nothing of its topic; its heading still does.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  !data || data.event.discreet ? pageTitle(matches, "events.discreetPageTitle") : textTitle(matches, data.event.title);

function viewerOf(context: LoaderFunctionArgs["context"]) {
  return context.user ? { userId: context.user.id, role: context.user.role } : null;
}

export async function loader({ params, context }: LoaderFunctionArgs) {
  const requested = params.eventId ?? "";
  const found = await getPublicEvent(requested, viewerOf(context));
  if (!found) throw notFound();
  // a discreet event only at its short id (its slug or id lead there); not kept by browsers, as the flag may change
  const moved = eventRedirect(requested, found.event);
  if (moved) throw redirect(moved, { status: 301, headers: { "Cache-Control": "no-store" } });
  const { event, calendar } = found;
  const links = calendar.sessions.map((s) => ({ google: googleCalendarUrl(calendar, s), outlook: outlookCalendarUrl(calendar, s) }));
  const member = found.membership && context.user ? await listMemberContactsForEvent(context.user.id, event.id) : null;
  return { ...found, links, member };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const found = await getPublicEvent(params.eventId ?? "", viewerOf(context));
  if (!found) notFound();
  const form = await request.formData();
  if (form.get("intent") === "member") {
    if (!context.user) notFound();
    const contactUserId = String(form.get("contactUserId") ?? "");
    const result = await registerMemberContact(context.user.id, contactUserId, found.event.id);
    return data({ member: result.ok ? { status: result.status, contactUserId } : { error: result.error, contactUserId } });
  }
  const parsed = parseForm(form, signupSchema);
  if (!parsed.ok) return invalid(parsed);
  const { honeypot, ...signup } = parsed.data;
  const quota = await consumeMailQuota([networkBucket("signup", context.clientIp), `signup:to:${signup.email}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  // A bot that filled the hidden field is told "registered" and nothing is stored or sent.
  if (honeypot) return data({ result: { status: "REGISTERED" as const, position: null, email: signup.email } });
  const result = await registerForEvent({ eventId: found.event.id, source: "PUBLIC", locale: context.locale, ...signup }, new Date());
  if (!result.ok) {
    const key = result.error === "full" ? "events.signupFull" : result.error === "not-open" ? "events.signupNotOpen" : "events.signupClosed";
    return invalid({ errors: { _form: key }, values: parsed.values }, 409);
  }
  return data({ result: { status: result.status, position: result.position, email: signup.email } });
}

type ActionData = {
  errors?: Record<string, string>;
  values?: Record<string, string>;
  result?: { status: "REGISTERED" | "WAITLISTED"; position: number | null; email: string };
  member?: { status?: "REGISTERED" | "WAITLISTED"; error?: string; contactUserId: string };
};

export default function EventPage() {
  const t = useT();
  const locale = useLocale();
  const { event, state, window, availability, placesLeft, questions, languages, links, member } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const formState = actionData?.errors ? { errors: actionData.errors, values: actionData.values } : undefined;
  const result = actionData?.result;
  const waitlistOnly = availability === "waitlist";
  const labels = {
    name: t("events.signupName"),
    email: t("events.signupEmail"),
    phone: t("events.signupPhone"),
    groupSize: t("events.signupGroupSize"),
    person2: t("events.signupPerson2"),
    person3: t("events.signupPerson3"),
    relation: t("events.question.relation"),
    language: t("events.question.language"),
    interpreter: t("events.question.interpreter"),
    needs: t("events.question.needs"),
    comment: t("events.question.comment"),
  };
  const place = [event.placeRoom, event.placeAddress].filter(Boolean).join(", ");

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <p className="event-meta">{t(`events.kind.${event.kind}`)}</p>
        <h1>{event.title}</h1>
        <p className="font-lead">{event.summary}</p>
        {state === "cancelled" ? (
          <div className="alert alert-warning" role="status">
            <div className="alert-body">
              <p className="alert-heading">{t("events.cancelledNotice")}</p>
              {event.cancelMessage ? <p className="alert-text pre-wrap">{event.cancelMessage}</p> : null}
            </div>
          </div>
        ) : state === "past" ? (
          <p>
            <strong>{t("events.pastNotice")}</strong>
          </p>
        ) : (
          <AvailabilityTag availability={availability} placesLeft={placesLeft} />
        )}

        <h2 className="h3">{t("events.sessionsHeading")}</h2>
        <SessionList sessions={event.sessions} />

        <h2 className="h3">{t("events.where")}</h2>
        {place ? <p>{place}</p> : null}
        {event.online ? <p>{t("events.online")}</p> : null}
        {event.placeDirections ? (
          <>
            <h3 className="h5">{t("events.directions")}</h3>
            <p className="pre-wrap">{event.placeDirections}</p>
          </>
        ) : null}
        {event.placeAccessibility ? (
          <>
            <h3 className="h5">{t("events.accessibility")}</h3>
            <p className="pre-wrap">{event.placeAccessibility}</p>
          </>
        ) : null}
        <p>
          <strong>{t("events.languages")}:</strong> {languages.map((l) => t(`events.language.${l}` as never)).join(", ")}
        </p>
        {event.description ? <div className="pre-wrap event-description">{event.description}</div> : null}

        <section aria-labelledby="calendar-heading">
          <h2 id="calendar-heading" className="h3">
            {t("events.calendarHeading")}
          </h2>
          <p className="form-hint">{t("events.calendarNote", { title: event.calendarTitle })}</p>
          <ul className="nobullet-list">
            <li>
              <a href={`/events/${event.id}/calendar.ics`} download>
                {t("events.icsLink")}
              </a>
            </li>
            {links.map((l, i) => (
              <li key={i}>
                {links.length > 1 ? `${t("events.sessionLinks", { n: i + 1 })}: ` : ""}
                <a href={l.google} rel="noopener noreferrer" target="_blank">
                  {t("events.googleLink")}
                </a>
                {" · "}
                <a href={l.outlook} rel="noopener noreferrer" target="_blank">
                  {t("events.outlookLink")}
                </a>
              </li>
            ))}
          </ul>
        </section>

        {member ? (
          <section aria-labelledby="member-heading">
            <h2 id="member-heading">{t("events.memberHeading", { organisation: member.organisationName })}</h2>
            <p>{t("events.memberIntro")}</p>
            {actionData?.member ? (
              <div className={`alert ${actionData.member.error ? "alert-error" : "alert-success"}`} role="status">
                <div className="alert-body">
                  <p className="alert-text">
                    {actionData.member.error === "already-registered"
                      ? t("events.errorAlreadyRegistered")
                      : actionData.member.error
                        ? t(actionData.member.error === "full" ? "events.signupFull" : "events.signupClosed")
                        : t(actionData.member.status === "REGISTERED" ? "events.memberDone" : "events.memberWaitlisted", {
                            name: member.contacts.find((c) => c.userId === actionData.member?.contactUserId)?.name ?? "",
                          })}
                  </p>
                </div>
              </div>
            ) : null}
            <ul className="nobullet-list">
              {member.contacts.map((c) => (
                <li key={c.userId}>
                  {c.status ? (
                    t("events.memberRegistered", { name: c.name, status: t(`events.registrationStatus.${c.status}`) })
                  ) : window === "open" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="member" />
                      <input type="hidden" name="contactUserId" value={c.userId} />
                      <button type="submit" className="button button-secondary">
                        {t("events.memberRegister", { name: c.name })}
                      </button>
                    </Form>
                  ) : (
                    c.name
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {event.visibility === "PUBLIC" || result ? (
          <section aria-labelledby="signup-heading" id="signup">
            <h2 id="signup-heading">{t("events.signupHeading")}</h2>
            {result ? (
              <div className="alert alert-success" role="status" tabIndex={-1}>
                <div className="alert-body">
                  <p className="alert-text">
                    {result.status === "REGISTERED"
                      ? t("events.resultRegistered", { email: result.email })
                      : t("events.resultWaitlisted", { position: result.position ?? 1, email: result.email })}
                  </p>
                  <p className="alert-text">{t("events.resultCheckMail")}</p>
                </div>
              </div>
            ) : state !== "published" ? null : window === "not-open" ? (
              <p>{t("events.registrationOpens", { date: formatDate(locale, event.registrationOpensAt!, "datetime") })}</p>
            ) : window === "closed" ? (
              <p>{t("events.signupClosed")}</p>
            ) : availability === "full" ? (
              <p>{t("events.signupFull")}</p>
            ) : (
              <>
                <p>{t("events.signupIntro")}</p>
                {event.registrationClosesAt ? <p>{t("events.registrationCloses", { date: formatDate(locale, event.registrationClosesAt, "datetime") })}</p> : null}
                <ErrorSummary state={formState} labels={labels} />
                <Form method="post" noValidate action={`${publicEventPath(event)}#signup`}>
                  <input type="hidden" name="intent" value="signup" />
                  <TextField name="name" label={labels.name} state={formState} autoComplete="name" maxLength={120} />
                  <TextField name="email" type="email" label={labels.email} state={formState} autoComplete="email" maxLength={254} />
                  <TextField name="phone" type="tel" label={labels.phone} hint={t("events.signupPhoneHint")} state={formState} optional autoComplete="tel" maxLength={30} />
                  <ChoiceGroup
                    kind="radio"
                    name="groupSize"
                    label={labels.groupSize}
                    hint={t("events.signupGroupHint")}
                    state={formState}
                    defaultValues={["1"]}
                    options={["1", "2", "3"].map((n) => ({ value: n, label: t(`events.group.${n as "1" | "2" | "3"}`) }))}
                  />
                  <TextField name="person2" label={labels.person2} hint={t("events.signupPersonHint")} state={formState} optional maxLength={120} />
                  <TextField name="person3" label={labels.person3} hint={t("events.signupPersonHint")} state={formState} optional maxLength={120} />
                  {questions.length ? <h3 className="h4">{t("events.signupQuestionsHeading")}</h3> : null}
                  <QuestionFields questions={questions} state={formState} hints />
                  <Checkbox name="mayContactAgain" label={t("events.signupContactAgain")} state={formState} />
                  <div className="hp-field">
                    <label htmlFor="field-website">{t("events.signupHoneypot")}</label>
                    <input type="text" id="field-website" name="website" tabIndex={-1} autoComplete="off" />
                  </div>
                  <div className="alert alert-info">
                    <div className="alert-body">
                      <h3 className="alert-heading h5">{t("events.privacyHeading")}</h3>
                      <p className="alert-text">{t("events.privacyText")}</p>
                      <p className="alert-text">
                        <Link to="/privacy">{t("events.privacyLink")}</Link>
                      </p>
                    </div>
                  </div>
                  <div className="actions">
                    <button type="submit" className="button button-primary" disabled={busy}>
                      {waitlistOnly ? t("events.signupWaitlistSubmit") : t("events.signupSubmit")}
                    </button>
                  </div>
                </Form>
              </>
            )}
          </section>
        ) : event.visibility === "MEMBERS" && !member ? (
          <p>{t("events.signupMembersOnly")}</p>
        ) : event.visibility === "INVITATION" ? (
          <p>{t("events.signupInvitationOnly")}</p>
        ) : null}
      </div>
    </div>
  );
}
