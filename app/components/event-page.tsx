import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AvailabilityTag, QuestionFields, SessionList, sessionText } from "~/components/events";
import { Checkbox, ChoiceGroup, ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/notice";
import { formatDate, useLocale, useT } from "~/lib/i18n";
// the type only: the public page and staff's preview of a draft (staff.events.$eventId.preview) share this component
import type { loader } from "~/routes/events.$eventId";
import { paths } from "~/lib/urls";

type ActionData = {
  errors?: Record<string, string>;
  values?: Record<string, string>;
  member?: { status?: "REGISTERED" | "WAITLISTED"; error?: string; contactUserId: string };
};

/**
 * An event's public page, built for a phone: what, when, where, places left and the sign-up button on the first
 * screen; then the form; then the rest (description, directions). The calendar links belong to the confirmation.
 */
export function EventPage() {
  const t = useT();
  const locale = useLocale();
  const { event, state, window, availability, placesLeft, questions, languages, member } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  // the form posts to the address this page was served at (a discreet event's is opaque), back to the form on an error
  const { pathname } = useLocation();
  const formState = actionData?.errors ? { errors: actionData.errors, values: actionData.values } : undefined;
  const place = [event.placeRoom, event.placeAddress].filter(Boolean).join(", ");
  const first = event.sessions[0];
  const signupOpen = event.visibility === "PUBLIC" && state === "published" && window === "open" && availability !== "full";
  const waitlistOnly = availability === "waitlist";

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <p className="event-meta">{t(`events.kind.${event.kind}`)}</p>
        <h1>{event.title}</h1>
        <Notice />
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
        ) : null}

        <dl className="event-facts">
          {first ? (
            <div>
              <dt>{t("events.factsWhen")}</dt>
              <dd>
                <time dateTime={new Date(first.startsAt).toISOString()}>{sessionText(locale, first)}</time>
                {event.sessions.length > 1 ? <span className="event-facts-more">{t("events.factsSessionCount", { count: event.sessions.length })}</span> : null}
              </dd>
            </div>
          ) : null}
          {place || event.online ? (
            <div>
              <dt>{t("events.factsWhere")}</dt>
              <dd>{place || t("events.online")}</dd>
            </div>
          ) : null}
          {state === "published" ? (
            <div>
              <dt>{t("events.factsPlaces")}</dt>
              <dd>
                <AvailabilityTag availability={availability} placesLeft={placesLeft} compact />
              </dd>
            </div>
          ) : null}
        </dl>
        {signupOpen ? (
          <p className="event-signup-jump">
            <a className="button button-primary" href="#signup">
              {waitlistOnly ? t("events.signupWaitlistSubmit") : t("events.signupSubmit")}
            </a>
          </p>
        ) : null}
        <p className="font-lead">{event.summary}</p>

        {member ? <MemberSignup member={member} window={window} result={actionData?.member} /> : null}

        {event.visibility === "PUBLIC" && state === "published" ? (
          <section aria-labelledby="signup-heading" id="signup" className="event-signup">
            <h2 id="signup-heading">{t("events.signupHeading")}</h2>
            {window === "not-open" ? (
              <p>{t("events.registrationOpens", { date: formatDate(locale, event.registrationOpensAt!, "datetime") })}</p>
            ) : window === "closed" ? (
              <p>{t("events.signupClosed")}</p>
            ) : availability === "full" ? (
              <p>{t("events.signupFull")}</p>
            ) : (
              <SignupForm
                action={`${pathname}#signup`}
                sessions={event.sessions}
                closesAt={event.registrationClosesAt}
                questions={questions}
                formState={formState}
                waitlistOnly={waitlistOnly}
              />
            )}
          </section>
        ) : event.visibility === "MEMBERS" && !member && state === "published" ? (
          <p>{t("events.signupMembersOnly")}</p>
        ) : event.visibility === "INVITATION" && state === "published" ? (
          <p>{t("events.signupInvitationOnly")}</p>
        ) : null}

        <section aria-labelledby="about-heading" className="event-about">
          <h2 id="about-heading">{t("events.aboutHeading")}</h2>
          {event.description ? <div className="pre-wrap event-description">{event.description}</div> : null}
          {!(signupOpen && event.sessions.length > 1) ? (
            <>
              <h3 className="h4">{t("events.sessionsHeading")}</h3>
              <SessionList sessions={event.sessions} />
            </>
          ) : null}
          <h3 className="h4">{t("events.where")}</h3>
          {place ? <p>{place}</p> : null}
          {event.online ? <p>{t("events.online")}</p> : null}
          {event.placeDirections ? (
            <>
              <h4 className="h5">{t("events.directions")}</h4>
              <p className="pre-wrap">{event.placeDirections}</p>
            </>
          ) : null}
          {event.placeAccessibility ? (
            <>
              <h4 className="h5">{t("events.accessibility")}</h4>
              <p className="pre-wrap">{event.placeAccessibility}</p>
            </>
          ) : null}
          <p>
            <strong>{t("events.languages")}:</strong> {languages.map((l) => t(`events.language.${l}` as never)).join(", ")}
          </p>
          {/* without a sign-up here, one quiet way to keep the date; with one, the calendar comes with the confirmation */}
          {!signupOpen && state === "published" ? (
            <p>
              <a href={`${paths.publicEvent(event)}/calendar.ics`} download>
                {t("events.icsLink")}
              </a>
            </p>
          ) : null}
        </section>
      </div>
    </div>
  );
}

/**
 * The relative's sign-up form. Person 2 and 3 show only when the group needs them once JavaScript runs; without it
 * they show, with a hint to leave them empty when coming alone (the server reads them only for a group).
 */
function SignupForm(props: {
  action: string;
  sessions: { startsAt: string | Date; endsAt: string | Date; placeAddress?: string | null; placeRoom?: string | null }[];
  closesAt: string | Date | null;
  questions: readonly string[];
  formState: { errors?: Record<string, string>; values?: Record<string, string> } | undefined;
  waitlistOnly: boolean;
}) {
  const { action, sessions, closesAt, questions, formState, waitlistOnly } = props;
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [scripted, setScripted] = useState(false);
  const [group, setGroup] = useState(formState?.values?.groupSize ?? "1");
  useEffect(() => setScripted(true), []);
  useEffect(() => {
    if (formState?.values?.groupSize) setGroup(formState.values.groupSize);
  }, [formState]);
  const labels = {
    relation: t("events.question.relation"),
    language: t("events.question.language"),
    interpreter: t("events.question.interpreter"),
    needs: t("events.question.needs"),
    comment: t("events.question.comment"),
  };
  const personHint = scripted ? undefined : t("events.signupPersonHint");
  return (
    <>
      {sessions.length > 1 ? (
        <>
          <p>{t("events.signupAllSessions", { count: sessions.length })}</p>
          <SessionList sessions={sessions} />
        </>
      ) : null}
      <p>{t("events.signupIntro")}</p>
      {closesAt ? <p>{t("events.registrationCloses", { date: formatDate(locale, closesAt, "datetime") })}</p> : null}
      <ErrorSummary state={formState} labels={labels} />
      <Form method="post" noValidate action={action}>
        <input type="hidden" name="intent" value="signup" />
        <TextField name="name" label={t("events.signupName")} state={formState} autoComplete="name" maxLength={120} />
        <TextField name="email" type="email" label={t("events.signupEmail")} state={formState} autoComplete="email" maxLength={254} />
        <TextField name="phone" type="tel" label={t("events.signupPhone")} hint={t("events.signupPhoneHint")} state={formState} optional autoComplete="tel" maxLength={30} />
        <ChoiceGroup
          kind="radio"
          name="groupSize"
          label={t("events.signupGroupSize")}
          hint={t("events.signupGroupHint")}
          state={formState}
          defaultValues={["1"]}
          options={["1", "2", "3"].map((n) => ({ value: n, label: t(`events.group.${n as "1" | "2" | "3"}`) }))}
          onChange={(value, checked) => checked && setGroup(value)}
        />
        <div className="signup-person" hidden={scripted && group === "1"}>
          <TextField name="person2" label={t("events.signupPerson2")} hint={personHint} state={formState} optional={!scripted} maxLength={120} />
        </div>
        <div className="signup-person" hidden={scripted && group !== "3"}>
          <TextField name="person3" label={t("events.signupPerson3")} hint={personHint} state={formState} optional={!scripted} maxLength={120} />
        </div>
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
  );
}

/** A forum member signs up contact persons of their organisation with one click each. */
function MemberSignup({
  member,
  window,
  result,
}: {
  member: { organisationName: string; contacts: { userId: string; name: string; status: string | null }[] };
  window: string;
  result: ActionData["member"];
}) {
  const t = useT();
  return (
    <section aria-labelledby="member-heading">
      <h2 id="member-heading">{t("events.memberHeading", { organisation: member.organisationName })}</h2>
      <p>{t("events.memberIntro")}</p>
      {result ? (
        <div className={`alert ${result.error ? "alert-error" : "alert-success"}`} role="status">
          <div className="alert-body">
            <p className="alert-text">
              {result.error === "already-registered"
                ? t("events.errorAlreadyRegistered")
                : result.error
                  ? t(result.error === "full" ? "events.signupFull" : "events.signupClosed")
                  : t(result.status === "REGISTERED" ? "events.memberDone" : "events.memberWaitlisted", {
                      name: member.contacts.find((c) => c.userId === result.contactUserId)?.name ?? "",
                    })}
            </p>
          </div>
        </div>
      ) : null}
      <ul className="nobullet-list">
        {member.contacts.map((c) => (
          <li key={c.userId}>
            {c.status ? (
              t("events.memberRegistered", { name: c.name, status: t(`events.registrationStatus.${c.status}` as never) })
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
  );
}
