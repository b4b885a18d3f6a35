import { Form } from "@remix-run/react";
import { ErrorSummary, fieldId, TextArea, type FormState } from "~/components/form";
import { formatNumber, useLocale, useT } from "~/lib/i18n";
import type { MessageKey } from "~/locales";
import { SCALE } from "~/models/evaluation-waves";

/** The figures of one wave of one statement, as evaluationSummaryForEvents gives them (app/models/evaluation-results.server.ts). */
type WaveFiguresView = { suppressed: true } | { suppressed: false; n: number; mean: number; distribution: number[] };
type StatementResultView = { id: string; text: string; start: WaveFiguresView | null; end: WaveFiguresView | null };
type EvaluationSummaryView = {
  askStart: boolean;
  askEnd: boolean;
  answers: { start: number | "suppressed" | null; end: number | "suppressed" | null };
  statements: StatementResultView[];
};

const scaleKey = (v: number) => `evaluations.scale${v}` as MessageKey;

/**
 * Per statement, start beside end: n, mean and the distribution over 1–5 — or "< 5" and nothing more below 5 answers.
 * For the event's evaluation page and the yearly status; a plain table (a screen reader reads it, it prints).
 */
export function EvaluationResultsTable({ summary, caption }: { summary: EvaluationSummaryView; caption?: string }) {
  const t = useT();
  const waves = [...(summary.askStart ? (["start"] as const) : []), ...(summary.askEnd ? (["end"] as const) : [])];
  const waveLabel = (w: "start" | "end") => t(w === "start" ? "evaluations.waveSTART" : "evaluations.waveEND");
  return (
    <div className="table-wrap">
      <table className="table table--compact evaluation-results">
        <caption>{caption ?? t("evaluations.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              {t("evaluations.colStatement")}
            </th>
            {waves.map((w) => (
              <th key={w} scope="colgroup" colSpan={3}>
                {waveLabel(w)}
              </th>
            ))}
          </tr>
          <tr>
            {waves.map((w) => [
              <th key={`${w}-n`} scope="col">
                {t("evaluations.colN")}
              </th>,
              <th key={`${w}-mean`} scope="col">
                {t("evaluations.colMean")}
              </th>,
              <th key={`${w}-dist`} scope="col">
                {t("evaluations.colDistribution")}
              </th>,
            ])}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("evaluations.staffAnswers")}</th>
            {waves.map((w) => {
              const n = summary.answers[w];
              return (
                <td key={w} colSpan={3}>
                  {n === "suppressed" ? t("evaluations.suppressed") : n}
                </td>
              );
            })}
          </tr>
          {summary.statements.map((s) => (
            <tr key={s.id}>
              <th scope="row" className="weight-normal">
                {s.text}
              </th>
              {waves.map((w) => (
                <WaveCells key={w} figures={s[w]} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="form-hint">{t("evaluations.suppressedNote")}</p>
    </div>
  );
}

function WaveCells({ figures }: { figures: WaveFiguresView | null }) {
  const t = useT();
  const locale = useLocale();
  if (!figures) return <td colSpan={3}>{t("evaluations.notAsked")}</td>;
  if (figures.suppressed) {
    return (
      <>
        <td>{t("evaluations.suppressed")}</td>
        <td>–</td>
        <td>–</td>
      </>
    );
  }
  const [n1, n2, n3, n4, n5] = figures.distribution;
  return (
    <>
      <td>{figures.n}</td>
      <td>{formatNumber(locale, figures.mean)}</td>
      <td>
        <span aria-hidden="true" className="nowrap">
          {figures.distribution.join(" · ")}
        </span>
        <span className="sr-only">{t("evaluations.distributionText", { n1: n1 ?? 0, n2: n2 ?? 0, n3: n3 ?? 0, n4: n4 ?? 0, n5: n5 ?? 0 })}</span>
      </td>
    </>
  );
}

type QuestionnaireFormView = { eventTitle: string; statements: { id: string; text: string }[]; freeTextQuestion: string | null };

/**
 * The participant's form: each statement a fieldset of five big radio buttons with the scale in words, then the
 * optional free text. Plain words, one column, made for a phone; works without JavaScript.
 */
export function QuestionnaireForm({
  questionnaire,
  wave,
  state,
  hidden,
}: {
  questionnaire: QuestionnaireFormView;
  wave: "START" | "END";
  state: FormState;
  hidden: Record<string, string>;
}) {
  const t = useT();
  const labels = Object.fromEntries(questionnaire.statements.map((s) => [`s-${s.id}`, s.text]));
  if (questionnaire.freeTextQuestion) labels.freeText = questionnaire.freeTextQuestion;
  return (
    <>
      <ErrorSummary state={state} labels={labels} />
      <Form method="post" noValidate className="evaluation-form">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="wave" value={wave} />
        <p className="form-hint">{t("evaluations.statementsLegendHint")}</p>
        {questionnaire.statements.map((s) => (
          <ScaleQuestion key={s.id} name={`s-${s.id}`} text={s.text} state={state} />
        ))}
        {questionnaire.freeTextQuestion ? (
          <TextArea name="freeText" label={questionnaire.freeTextQuestion} hint={t("evaluations.freeTextOptional")} state={state} optional rows={4} maxLength={2000} />
        ) : null}
        <button type="submit" className="button button-primary evaluation-submit">
          {t("evaluations.submit")}
        </button>
      </Form>
    </>
  );
}

function ScaleQuestion({ name, text, state }: { name: string; text: string; state: FormState }) {
  const t = useT();
  const id = fieldId(name);
  const errorKey = state?.errors?.[name];
  const chosen = state?.values?.[name];
  return (
    <div className={`form-group evaluation-question${errorKey ? " form-error" : ""}`}>
      <fieldset id={id} aria-describedby={errorKey ? `${id}-error` : undefined}>
        <legend className="form-label evaluation-statement">{text}</legend>
        {errorKey ? (
          <span className="form-error-message" id={`${id}-error`}>
            {t(errorKey as MessageKey)}
          </span>
        ) : null}
        <ul className="nobullet-list evaluation-scale">
          {SCALE.map((v) => (
            <li key={v} className="form-group-radio evaluation-choice">
              <input className="form-radio" type="radio" id={`${id}-${v}`} name={name} value={String(v)} defaultChecked={chosen === String(v)} />
              <label htmlFor={`${id}-${v}`}>{t(scaleKey(v))}</label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}

/** The big code for a session, on screen and on paper: where to go and what to type. */
export function EvaluationCodeCard({ code, address, wave }: { code: string; address: string; wave: "START" | "END" }) {
  const t = useT();
  return (
    <div className="evaluation-code-card">
      <p className="h3">{t("evaluations.printHeading")}</p>
      <p className="weight-normal">{t(wave === "START" ? "evaluations.waveSTART" : "evaluations.waveEND")}</p>
      <ol>
        <li>{t("evaluations.printStep1", { address })}</li>
        <li>
          {t("evaluations.printStep2")} <strong className="evaluation-code">{code}</strong>
        </li>
      </ol>
    </div>
  );
}
