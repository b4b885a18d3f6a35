import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { QuestionnaireForm } from "~/components/evaluations";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { answerFormSchema, answerFromForm, codeLimit, getEvaluationByToken, submitEvaluationByToken } from "~/models/evaluation-answers.server";
import evaluationsCss from "~/styles/evaluations.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationsCss }];
// a neutral tab title, like every page behind a secret link: nothing of the event in the history
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "evaluations.pageTitle"), { name: "robots", content: "noindex" }];

/** A registered participant's personal questionnaire (the link in the confirmation, the end mail and the private page). */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await getEvaluationByToken(params.token ?? "");
  if (!found) throw notFound();
  return { found };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const found = await getEvaluationByToken(token);
  if (!found) throw notFound();
  // the link is a secret: answering is limited per network address (a course's wifi answers, a guesser does not)
  const quota = await consumeMailQuota([{ bucket: `evaluation:ip:${context.clientIp}`, limit: codeLimit }]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const parsed = parseForm(await request.formData(), answerFormSchema(found.questionnaire.statements.map((s) => s.id)));
  if (!parsed.ok) return invalid(parsed);
  const result = await submitEvaluationByToken(token, answerFromForm(parsed.data));
  if (result.ok) return redirect(`/evaluations/${encodeURIComponent(token)}?sent=1`, 303);
  if (result.error === "not-found") throw notFound();
  if (result.error === "invalid") return invalid({ errors: { _form: "evaluations.errorInvalid" }, values: parsed.values });
  return data({ outcome: result.error }, { status: 409 });
}

export default function EvaluationPage() {
  const t = useT();
  const { found } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const outcome = actionData && "outcome" in actionData ? actionData.outcome : params.get("sent") ? "sent" : null;
  const state = outcome ? outcome : found.state === "ask" ? "ask" : found.state;
  useEffect(() => {
    if (state !== "ask") headingRef.current?.focus();
  }, [state]);
  const formState = actionData && "errors" in actionData ? actionData : undefined;
  const message =
    state === "sent"
      ? (["evaluations.thanksHeading", "evaluations.thanksText"] as const)
      : state === "answered"
        ? (["evaluations.answeredHeading", "evaluations.answeredText"] as const)
        : state === "closed"
          ? (["evaluations.closedHeading", "evaluations.closedText"] as const)
          : null;
  return (
    <div className="row">
      <div className="col-12 col-md-10 col-lg-8">
        {message ? (
          <>
            <h1 ref={headingRef} tabIndex={-1} className="focus-target">
              {t(message[0])}
            </h1>
            <p className="font-lead">{t(message[1])}</p>
          </>
        ) : (
          <>
            <h1>{t(found.wave === "END" ? "evaluations.headingEND" : "evaluations.heading")}</h1>
            <p className="font-lead">{t("evaluations.intro")}</p>
            <p>{t("evaluations.about", { title: found.questionnaire.eventTitle })}</p>
            <p>{t("evaluations.anonymous")}</p>
            <QuestionnaireForm questionnaire={found.questionnaire} wave={found.wave ?? "START"} state={formState} hidden={{}} />
          </>
        )}
      </div>
    </div>
  );
}
