import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { QuestionnaireForm } from "~/components/evaluations";
import { ErrorSummary, TextField } from "~/components/form";
import { parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { answerFormSchema, answerFromForm, codeLimit, getEvaluationByCode, submitEvaluationByCode } from "~/models/evaluation-answers.server";
import evaluationsCss from "~/styles/evaluations.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationsCss }];
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "evaluations.pageTitle"), { name: "robots", content: "noindex" }];

export const codeSchema = z.object({ code: z.string({ required_error: "evaluations.codeRequired" }).trim().min(1, "evaluations.codeRequired").max(20, "evaluations.codeWrong") });

export async function loader(_: LoaderFunctionArgs) {
  return null;
}

/**
 * The short code shown by staff at a session: typed here, it opens that wave's questionnaire for an anonymous answer
 * without a personal link. Both steps are limited per network address; the code is checked again with the answer.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const quota = await consumeMailQuota([{ bucket: `evaluation-code:ip:${context.clientIp}`, limit: codeLimit }]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const parsedCode = parseForm(form, codeSchema);
  if (!parsedCode.ok) return data({ step: "code" as const, errors: parsedCode.errors, values: parsedCode.values }, { status: 400 });
  const found = await getEvaluationByCode(parsedCode.data.code);
  if (!found) return data({ step: "code" as const, errors: { code: "evaluations.codeWrong" }, values: parsedCode.values }, { status: 400 });
  const step = { step: "answer" as const, code: found.code, wave: found.wave, questionnaire: found.questionnaire };
  if (form.get("intent") !== "answer") return step;
  const parsed = parseForm(form, answerFormSchema(found.questionnaire.statements.map((s) => s.id)));
  if (!parsed.ok) return data({ ...step, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { freeText, scores } = answerFromForm(parsed.data);
  const result = await submitEvaluationByCode(found.code, { freeText, scores });
  if (!result.ok) return data({ ...step, errors: { _form: result.error === "invalid" ? "evaluations.errorInvalid" : "evaluations.codeWrong" }, values: parsed.values }, { status: 409 });
  return redirect("/evaluation?sent=1", 303);
}

export default function EvaluationByCode() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sent = params.get("sent") === "1" && !actionData;
  useEffect(() => {
    if (sent) headingRef.current?.focus();
  }, [sent]);
  if (sent) {
    return (
      <div className="row">
        <div className="col-12 col-md-10 col-lg-8">
          <h1 ref={headingRef} tabIndex={-1} className="focus-target">
            {t("evaluations.thanksHeading")}
          </h1>
          <p className="font-lead">{t("evaluations.thanksText")}</p>
        </div>
      </div>
    );
  }
  if (actionData && "step" in actionData && actionData.step === "answer") {
    const state = "errors" in actionData ? { errors: actionData.errors as Record<string, string>, values: actionData.values as Record<string, string> } : undefined;
    return (
      <div className="row">
        <div className="col-12 col-md-10 col-lg-8">
          <h1>{t(actionData.wave === "END" ? "evaluations.headingEND" : "evaluations.heading")}</h1>
          <p className="font-lead">{t("evaluations.intro")}</p>
          <p>{t("evaluations.about", { title: actionData.questionnaire.eventTitle })}</p>
          <p>{t("evaluations.anonymous")}</p>
          <QuestionnaireForm questionnaire={actionData.questionnaire} wave={actionData.wave} state={state} hidden={{ intent: "answer", code: actionData.code }} />
        </div>
      </div>
    );
  }
  const state = actionData && "errors" in actionData ? (actionData as { errors: Record<string, string>; values: Record<string, string> }) : undefined;
  return (
    <div className="row">
      <div className="col-12 col-md-10 col-lg-8">
        <h1>{t("evaluations.codeHeading")}</h1>
        <p className="font-lead">{t("evaluations.codeIntro")}</p>
        <p>{t("evaluations.anonymous")}</p>
        <ErrorSummary state={state} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="code" />
          <TextField name="code" label={t("evaluations.codeLabel")} hint={t("evaluations.codeHint")} state={state} autoComplete="off" maxLength={20} className="input-width-s" />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t("evaluations.codeSubmit")}
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}
