import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { EvaluationCodeCard, EvaluationResultsTable } from "~/components/evaluations";
import { ChoiceGroup, ErrorSummary, TextArea, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { paths } from "~/lib/urls";
import { getEvaluationForStaff, questionnaireFormSchema, saveQuestionnaire } from "~/models/questionnaires.server";
import evaluationsCss from "~/styles/evaluations.css?url";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { siteHost } from "~/lib/urls.server";
import { WAVES } from "~/models/evaluation-waves";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

/** An event's questionnaire: attach or change it, the codes to show at a session, and the results (from 5 answers). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const found = await getEvaluationForStaff(params.eventId ?? "");
  if (!found) notFound();
  const address = `${siteHost()}${paths.evaluationCode()}`;
  return { ...found, address };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const parsed = parseForm(await request.formData(), questionnaireFormSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await saveQuestionnaire({ actorId: user.id, eventId, input: parsed.data });
  if (!result.ok && result.error === "not-found") notFound();
  if (!result.ok) return invalid({ errors: { _form: "evaluations.errorLocked" }, values: parsed.values }, 409);
  return redirectWithNotice(`/staff/events/${encodeURIComponent(eventId)}/evaluation`, "evaluations.staffSaved", {}, { status: 303 });
}

export default function StaffEvaluation() {
  const t = useT();
  const locale = useLocale();
  const { event, questionnaire: q, summary, freeText, openWaves, address } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const print = params.get("print");
  const labels = { statements: t("evaluations.staffStatements"), waves: t("evaluations.staffWaves"), freeTextQuestion: t("evaluations.staffFreeText") };
  const defaults = q
    ? { statements: q.statements.join("\n"), waves: [q.askStart ? "START" : "", q.askEnd ? "END" : ""].filter(Boolean).join("\n"), freeTextQuestion: q.freeTextQuestion ?? "" }
    : { statements: "", waves: "START\nEND", freeTextQuestion: "" };
  const formState = { errors: actionData?.errors, values: actionData?.values ?? defaults };
  const asked = q ? WAVES.filter((w) => (w === "START" ? q.askStart : q.askEnd)) : [];

  return (
    <>
      <p className="no-print">
        <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1 className={print ? "no-print" : undefined}>{t("evaluations.staffHeading", { title: event.title })}</h1>
      <Notice />
      <p className="no-print">{t("evaluations.staffLead")}</p>

      {q ? (
        <section aria-labelledby="codes-heading">
          <h2 id="codes-heading" className="no-print">
            {t("evaluations.staffCodesHeading")}
          </h2>
          <p className="no-print">{t("evaluations.staffCodesLead", { address })}</p>
          {asked
            .filter((w) => !print || print === w)
            .map((w) => (
              <div key={w}>
                <EvaluationCodeCard code={w === "START" ? q.startCode : q.endCode} address={address} wave={w} />
                <p className="no-print">
                  {openWaves.includes(w) ? t("evaluations.staffCodeOpen") : t("evaluations.staffCodeClosed")} ·{" "}
                  <Link to={`?print=${w}`}>{t("evaluations.staffPrint")}</Link>
                </p>
              </div>
            ))}
          {q.endMailedAt ? <p className="no-print">{t("evaluations.staffEndMailed", { date: formatDate(locale, q.endMailedAt, "datetime") })}</p> : null}
        </section>
      ) : null}

      <div className={print ? "no-print" : undefined}>
        {q && summary ? (
          <section aria-labelledby="results-heading">
            <h2 id="results-heading">{t("evaluations.staffResultsHeading")}</h2>
            <EvaluationResultsTable summary={summary} />
            {asked.map((w) => (
              <section key={w} aria-labelledby={`free-${w}`} className="no-print">
                {q.freeTextQuestion || freeText?.[w]?.length ? (
                  <>
                    <h3 id={`free-${w}`}>{t("evaluations.staffFreeTextHeading", { wave: t(w === "START" ? "evaluations.waveSTART" : "evaluations.waveEND") })}</h3>
                    {freeText?.[w] === null ? (
                      <p>{t("evaluations.staffFreeTextHidden")}</p>
                    ) : freeText?.[w]?.length ? (
                      <>
                        <p className="form-hint">{t("evaluations.staffFreeTextNote")}</p>
                        <ul>
                          {freeText[w]!.map((text, i) => (
                            <li key={i} className="pre-wrap">
                              {text}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : (
                      <p>{t("evaluations.staffFreeTextNone")}</p>
                    )}
                  </>
                ) : null}
              </section>
            ))}
          </section>
        ) : (
          <p>{t("evaluations.staffNone")}</p>
        )}

        <section aria-labelledby="form-heading" className="no-print">
          <h2 id="form-heading">{t("evaluations.staffFormHeading")}</h2>
          {q?.locked ? (
            <div className="alert alert-info">
              <div className="alert-body">
                <p className="alert-text">{t("evaluations.staffLocked")}</p>
              </div>
            </div>
          ) : null}
          <ErrorSummary state={actionData} labels={labels} />
          <Form method="post" noValidate>
            {q?.locked ? (
              <>
                <input type="hidden" name="statements" value={defaults.statements} />
                {asked.map((w) => (
                  <input key={w} type="hidden" name="waves" value={w} />
                ))}
                <h3 className="h4">{t("evaluations.staffStatements")}</h3>
                <ol>
                  {q.statements.map((s, i) => (
                    <li key={i}>{s}</li>
                  ))}
                </ol>
              </>
            ) : (
              <>
                <TextArea name="statements" label={labels.statements} hint={t("evaluations.staffStatementsHint")} state={formState} rows={6} />
                <ChoiceGroup
                  name="waves"
                  kind="checkbox"
                  label={labels.waves}
                  state={formState}
                  options={WAVES.map((w) => ({ value: w, label: t(w === "START" ? "evaluations.staffWaveSTART" : "evaluations.staffWaveEND") }))}
                />
              </>
            )}
            <TextField name="freeTextQuestion" label={labels.freeTextQuestion} hint={t("evaluations.staffFreeTextHint")} state={formState} optional maxLength={300} />
            <div className="actions">
              <button type="submit" className="button button-primary">
                {t("evaluations.staffSave")}
              </button>
            </div>
          </Form>
        </section>
      </div>
    </>
  );
}
