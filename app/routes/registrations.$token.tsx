import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { QuestionFields, SessionList } from "~/components/events";
import { ErrorSummary, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { answersFormSchema, cancelRegistration, getRegistrationByToken, updateRegistrationAnswers } from "~/models/registrations.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "events.regTitle"), { name: "robots", content: "noindex" }];

/** The private page behind the link in the confirmation: see, change answers, cancel until the first session. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getRegistrationByToken(params.token ?? "");
  if (!found) throw notFound();
  return { found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const form = await request.formData();
  const here = `/registrations/${encodeURIComponent(token)}`;
  if (form.get("intent") === "cancel") {
    const ok = await cancelRegistration(token);
    return redirect(ok ? `${here}?notice=cancelled` : here);
  }
  const parsed = parseForm(form, answersFormSchema);
  if (!parsed.ok) return invalid(parsed);
  const ok = await updateRegistrationAnswers(token, parsed.data);
  return redirect(ok ? `${here}?notice=saved` : here);
}

export default function RegistrationPage() {
  const t = useT();
  const { found } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  if (!found) {
    return (
      <>
        <h1>{t("events.regHeading")}</h1>
        <p>{t("events.regNotFound")}</p>
      </>
    );
  }
  const { registration: r, event, questions, canChange } = found;
  const values = state?.values ?? { phone: r.phone ?? "", ...r.answers };
  const formState = { errors: state?.errors, values };
  const labels = { phone: t("events.signupPhone"), language: t("events.question.language"), needs: t("events.question.needs"), comment: t("events.question.comment") };
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("events.regHeading")}</h1>
        <Notice text={notice === "saved" ? t("events.regSaved") : notice === "cancelled" ? t("events.regCancelled") : null} />
        <h2 className="h3">{event.title}</h2>
        {event.status === "CANCELLED" ? (
          <div className="alert alert-warning" role="status">
            <div className="alert-body">
              <p className="alert-heading">{t("events.regEventCancelled")}</p>
              {event.cancelMessage ? <p className="alert-text pre-wrap">{event.cancelMessage}</p> : null}
            </div>
          </div>
        ) : null}
        <p>
          <strong>{t("events.regStatus")}:</strong> {t(`events.registrationStatus.${r.status}`)}
        </p>
        {r.position ? <p>{t("events.regPosition", { position: r.position })}</p> : null}
        {r.hasOffer ? <p>{t("events.regOffer")}</p> : null}
        <p>
          <strong>{t("events.regPeople")}:</strong> {r.people.join(", ")}
        </p>
        <SessionList sessions={event.sessions} />
        {[event.placeRoom, event.placeAddress].filter(Boolean).length ? (
          <p>
            <strong>{t("events.where")}:</strong> {[event.placeRoom, event.placeAddress].filter(Boolean).join(", ")}
          </p>
        ) : null}
        {event.onlineUrl ? (
          <p>
            <a href={event.onlineUrl} rel="noopener noreferrer">
              {t("events.regOnline")}
            </a>
          </p>
        ) : null}

        {canChange ? (
          <>
            <h2 className="h3">{t("events.regAnswersHeading")}</h2>
            <ErrorSummary state={state} labels={labels} />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="answers" />
              <TextField name="phone" type="tel" label={labels.phone} state={formState} optional maxLength={30} />
              <QuestionFields questions={questions} state={formState} />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("events.regSave")}
                </button>
              </div>
            </Form>
            <h2 className="h3">{t("events.regCancelHeading")}</h2>
            <p>{t("events.regCancelText")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <button type="submit" className="button button-secondary">
                {t("events.regCancelConfirm")}
              </button>
            </Form>
          </>
        ) : r.status !== "CANCELLED" && event.status !== "CANCELLED" ? (
          <p>{t("events.regLocked")}</p>
        ) : null}
      </div>
    </div>
  );
}
