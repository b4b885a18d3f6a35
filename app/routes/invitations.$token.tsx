import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useParams, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { SessionList } from "~/components/events";
import { ErrorSummary } from "~/components/form";
import { hashToken } from "~/lib/crypto.server";
import { parseForm } from "~/lib/forms.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { redirectWithNotice } from "~/lib/flash.server";
import { paths } from "~/lib/urls";
import { answerInvitation, getInvitationByToken } from "~/models/invitation-answers.server";
import eventsCss from "~/styles/events.css?url";
import { Notice } from "~/components/notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "invitations.answerTitle"), { name: "robots", content: "noindex" }];

export const answerSchema = z.object({ answer: z.enum(["YES", "NO", "MAYBE"], { errorMap: () => ({ message: "form.invalid" }) }) });

/**
 * The personal page behind the links in an invitation. Opening a link never answers by itself (mail scanners follow
 * links): the page shows the chosen answer with one button to confirm it, and the other answers beside it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getInvitationByToken(params.token ?? "");
  if (!found) throw notFound();
  return { found };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const parsed = parseForm(await request.formData(), answerSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  // an answer may send mail (a confirmation, a cancellation): limited per link
  const quota = await consumeMailQuota([`invitation-answer:${hashToken(token)}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const result = await answerInvitation(token, parsed.data.answer);
  if (!result.ok && result.error === "not-found") throw notFound();
  if (!result.ok) {
    const key =
      result.error === "full" ? "invitations.answerFull" : result.error === "registration-closed" ? "invitations.answerRegistrationClosed" : "invitations.answerClosed";
    return data({ errors: { _form: key }, values: parsed.values }, { status: 409 });
  }
  return redirectWithNotice(paths.invitationAnswer(encodeURIComponent(token)), `invitations.answerSaved.${result.answer}`);
}

const ANSWERS = ["YES", "NO", "MAYBE"] as const;

export default function InvitationAnswerPage() {
  const t = useT();
  const { found } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const token = useParams().token ?? "";
  const chosen = ANSWERS.find((a) => a === params.get("answer")?.toUpperCase()) ?? null;
  const { event } = found;
  const place = [event.placeRoom, event.placeAddress].filter(Boolean).join(", ");
  const labels = { YES: t("invitations.answerYes"), NO: t("invitations.answerNo"), MAYBE: t("invitations.answerMaybe") };
  const others = ANSWERS.filter((a) => a !== chosen);
  return (
    <div className="row">
      <div className="col-12 col-md-10 col-lg-8">
        <h1>{t("invitations.answerHeading", { title: event.title })}</h1>
        <Notice />
        <ErrorSummary state={state} />
        <p>{t("invitations.answerGreeting", { email: found.email })}</p>
        {event.summary ? <p>{event.summary}</p> : null}
        <h2 className="h4">{t("invitations.answerWhen")}</h2>
        <SessionList sessions={event.sessions} />
        {place ? (
          <>
            <h2 className="h4">{t("invitations.answerWhere")}</h2>
            <p>{place}</p>
          </>
        ) : null}

        {event.status === "CANCELLED" ? (
          <p className="alert alert-warning">{t("invitations.answerCancelled")}</p>
        ) : !found.canAnswer ? (
          <p>{t("invitations.answerClosed")}</p>
        ) : (
          <>
            {found.answer ? <p>{t(`invitations.answerCurrent.${found.answer}`)}</p> : null}
            {found.answer === "YES" && found.registrationStatus === "REGISTERED" ? <p>{t("invitations.answerRegistered")}</p> : null}
            {found.answer === "YES" && found.registrationStatus === "WAITLISTED" ? <p>{t("invitations.answerWaitlisted")}</p> : null}
            <h2>{chosen ? t("invitations.answerConfirm") : t("invitations.answerQuestion")}</h2>
            <Form method="post" className="answer-buttons">
              <ul className="nobullet-list">
                {chosen ? (
                  <li>
                    <button type="submit" name="answer" value={chosen} className="button button-primary">
                      {labels[chosen]}
                    </button>
                  </li>
                ) : null}
                {others.map((a) => (
                  <li key={a}>
                    <button type="submit" name="answer" value={a} className={chosen ? "button button-secondary" : a === "YES" ? "button button-primary" : "button button-secondary"}>
                      {labels[a]}
                    </button>
                  </li>
                ))}
              </ul>
            </Form>
            <p className="form-hint">{t("invitations.answerChangeNote")}</p>
          </>
        )}
        {!found.optedOut ? (
          <p>
            <Link to={paths.unsubscribe(encodeURIComponent(token))}>{t("invitations.unsubscribeLinkOnPage")}</Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
