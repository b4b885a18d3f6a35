import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmActions, QuestionFields, SessionList } from "~/components/events";
import { ErrorSummary, TextField } from "~/components/form";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { useT, type Translate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { paths } from "~/lib/urls";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { answersFormSchema } from "~/models/registration-form";
import { cancelRegistration, getRegistrationByToken, signUpAgain, updateRegistrationAnswers } from "~/models/registrations.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";
import { evaluationForRegistration } from "~/models/evaluation-answers.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "events.regTitle"), { name: "robots", content: "noindex" }];

/** The private page behind the link in the confirmation: see, change answers, cancel until the first session. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getRegistrationByToken(params.token ?? "");
  if (!found) throw notFound();
  return { found, evaluation: await evaluationForRegistration(found.registration.id) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await request.formData();
  const here = paths.registration(encodeURIComponent(token));
  const intent = form.get("intent");
  if (intent === "cancel") {
    // the page itself then says what happened (its state comes from the database); the fragment starts a reader at the
    // heading that says it, also without JavaScript
    await cancelRegistration(token);
    return redirect(`${here}#registration-status`, 303);
  }
  if (intent === "again") {
    const found = await getRegistrationByToken(token);
    if (!found?.registration.email) return redirect(here, 303);
    const quota = await consumeMailQuota([networkBucket("signup", context.clientIp), `signup:to:${found.registration.email}`]);
    if (!quota.ok) return tooManyRequests(quota.retryAfterS);
    const result = await signUpAgain(token);
    return redirect(`${result.ok ? paths.registration(result.token) : here}#registration-status`, 303);
  }
  const parsed = parseForm(form, answersFormSchema);
  if (!parsed.ok) return invalid(parsed);
  const ok = await updateRegistrationAnswers(token, parsed.data);
  return ok ? redirectWithNotice(here, "events.regSaved") : redirect(here);
}

type Found = NonNullable<Awaited<ReturnType<typeof getRegistrationByToken>>>;

/** What the heading says happened, from the registration's state (so a reload says the same). */
function headingOf(t: Translate, found: Pick<Found, "registration" | "event">, confirming: boolean) {
  const { registration: r, event } = found;
  if (confirming) return t("events.regConfirmHeading");
  if (r.status === "CANCELLED") return t("events.regHeadingCancelled");
  if (event.status === "CANCELLED") return t("events.regHeadingEventCancelled");
  if (r.status === "REGISTERED") return t("events.regHeadingRegistered");
  if (r.hasOffer) return t("events.regHeadingOffer");
  return t("events.regHeadingWaitlisted", { position: r.position ?? 1 });
}

/**
 * The private page behind the link in the confirmation, and where the sign-up lands: its heading says what happened
 * (signed up, waitlist number, cancelled) and takes the focus; then the event, the calendar, and how to change or
 * cancel. Cancelling asks once more on a step of its own (?step=cancel, a plain link: it works without JavaScript).
 */
export default function RegistrationPage() {
  const t = useT();
  const { found, evaluation } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirming = params.get("step") === "cancel" && found.canChange;
  const heading = headingOf(t, found, confirming);
  // arriving from the sign-up, a cancel or the confirm step, the heading that says what happened is read first
  useEffect(() => {
    headingRef.current?.focus();
  }, [heading]);
  const { registration: r, event, questions, canChange, calendarLinks, again, eventPath } = found;
  const place = [event.placeRoom, event.placeAddress].filter(Boolean).join(", ");
  const waiting = r.status === "WAITLISTED";

  if (confirming) {
    return (
      <div className="row">
        <div className="col-12 col-lg-8">
          <h1 ref={headingRef} tabIndex={-1} className="focus-target">
            {heading}
          </h1>
          <p className="font-lead">{t(waiting ? "events.regConfirmTextWaitlist" : "events.regConfirmText", { title: event.title })}</p>
          {r.groupSize > 1 ? <p>{t("events.regConfirmGroup", { count: r.groupSize })}</p> : null}
          <p>{t("events.regConfirmMail")}</p>
          <ConfirmActions intent="cancel" yes={t("events.regConfirmYes")} no={t(waiting ? "events.regConfirmNoWaitlist" : "events.regConfirmNo")} busy={busy} />
        </div>
      </div>
    );
  }

  const values = state?.values ?? { phone: r.phone ?? "", ...r.answers };
  const formState = { errors: state?.errors, values };
  const labels = { phone: t("events.signupPhone"), language: t("events.question.language"), needs: t("events.question.needs"), comment: t("events.question.comment") };
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1 ref={headingRef} tabIndex={-1} className="focus-target" id="registration-status">
          {heading}
        </h1>
        <Notice />
        {event.status === "CANCELLED" ? (
          <div className="alert alert-warning" role="status">
            <div className="alert-body">
              <p className="alert-heading">{t("events.regEventCancelled")}</p>
              {event.cancelMessage ? <p className="alert-text pre-wrap">{event.cancelMessage}</p> : null}
            </div>
          </div>
        ) : r.status === "CANCELLED" ? (
          <p className="font-lead">{t("events.regCancelledText")}</p>
        ) : r.status === "REGISTERED" ? (
          r.email ? <p className="font-lead">{t("events.regMailSent", { email: r.email })}</p> : null
        ) : r.hasOffer ? (
          <p className="font-lead">{t("events.regOffer")}</p>
        ) : r.email ? (
          <p className="font-lead">{t("events.regWaitlistText", { email: r.email })}</p>
        ) : null}

        {again ? (
          <section aria-labelledby="again-heading" className="event-signup">
            <h2 id="again-heading" className="h3">
              {t("events.regAgainHeading")}
            </h2>
            {again === "full" ? (
              <p>{t("events.regAgainFull")}</p>
            ) : (
              <>
                <p>{t(again === "register" ? "events.regAgainTextRegister" : "events.regAgainTextWaitlist")}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="again" />
                  <button type="submit" className="button button-primary" disabled={busy}>
                    {t(again === "register" ? "events.regAgainRegister" : "events.regAgainWaitlist")}
                  </button>
                </Form>
              </>
            )}
          </section>
        ) : null}

        <dl className="event-facts">
          <div>
            <dt>{t("events.factsWhat")}</dt>
            <dd>{event.title}</dd>
          </div>
          <div>
            <dt>{t("events.factsWhen")}</dt>
            <dd>
              <SessionList sessions={event.sessions} />
            </dd>
          </div>
          {place ? (
            <div>
              <dt>{t("events.factsWhere")}</dt>
              <dd>{place}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("events.regPeople")}</dt>
            <dd>{r.people.join(", ")}</dd>
          </div>
        </dl>
        {event.onlineUrl ? (
          <p>
            <a href={event.onlineUrl} rel="noopener noreferrer">
              {t("events.regOnline")}
            </a>
          </p>
        ) : null}

        {calendarLinks ? <CalendarLinks links={calendarLinks} /> : null}

        {evaluation?.pending ? (
          <section aria-labelledby="evaluation-heading">
            <h2 id="evaluation-heading" className="h3">
              {t("evaluations.regLinkHeading")}
            </h2>
            <p>{t("evaluations.regLinkText")}</p>
            <p>
              <Link className="button button-secondary" to={evaluation.path}>
                {t("evaluations.regLinkButton")}
              </Link>
            </p>
          </section>
        ) : null}

        {canChange ? (
          <section aria-labelledby="change-heading">
            <h2 id="change-heading">{t("events.regChangeHeading")}</h2>
            <p>{t("events.regChangeText")}</p>
            <h3 className="h4">{t("events.regAnswersHeading")}</h3>
            <ErrorSummary state={state} labels={labels} />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="answers" />
              <TextField name="phone" type="tel" label={labels.phone} state={formState} optional maxLength={30} />
              <QuestionFields questions={questions} state={formState} />
              <div className="actions">
                <button type="submit" className="button button-secondary">
                  {t("events.regSave")}
                </button>
              </div>
            </Form>
            <h3 className="h4">{t("events.regCancelHeading")}</h3>
            <p>{t("events.regCancelText")}</p>
            {/* a GET to the confirm step: nothing is cancelled until "Ja, afmeld" there */}
            <Form method="get">
              <input type="hidden" name="step" value="cancel" />
              <button type="submit" className="button button-secondary">
                {t("events.regCancelStart")}
              </button>
            </Form>
          </section>
        ) : r.status !== "CANCELLED" && event.status !== "CANCELLED" ? (
          <p>{t("events.regLocked")}</p>
        ) : null}

        {eventPath ? (
          <p>
            <Link to={eventPath}>{t("events.regEventLink")}</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The calendar, for someone with a place: their own .ics (the file the mail carries) and Google/Outlook per session. */
function CalendarLinks({ links }: { links: { google: string; outlook: string }[] }) {
  const t = useT();
  const { token } = useParams();
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading" className="h3">
        {t("events.calendarHeading")}
      </h2>
      <p className="form-hint">{t("events.calendarNoteShort")}</p>
      <p>
        <a href={`${paths.registration(encodeURIComponent(token ?? ""))}/calendar.ics`} download className="button button-secondary">
          {t("events.icsLink")}
        </a>
      </p>
      <ul className="nobullet-list calendar-links">
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
  );
}
