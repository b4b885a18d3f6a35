import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Checkbox, ChoiceGroup, ErrorSummary, TextArea, TextField } from "~/components/form";
import { parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, formatNumber, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import invitationsCss from "~/styles/invitations.css?url";
import { getEventForStaff } from "~/models/events.server";
import { DISTRICTS } from "~/models/forum-rules";
import { composeSchema, listPastEventsForAudience, prepareInvitation, type TableInput } from "~/models/invitation-compose.server";
import { readRecipientFile } from "~/models/recipient-files.server";
import { guessMapping, MAX_INPUT_LINES, type ColumnMapping } from "~/models/recipient-input";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invitationsCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.newTitle");

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  return {
    event: { id: event.id, title: event.title, discreet: event.discreet },
    pastEvents: await listPastEventsForAudience(event.id),
  };
}

type LineErrorView = { source: "pasted" | "csv"; line: number; problem: string; text: string };
/** The mapping step: the file's rows travel in a hidden field, so the step works without JavaScript or a stored upload. */
type Upload = { fileName: string; rows: string[][]; mapping: { name: string; email: string; language: string }; header: boolean };

const cell = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

function readUpload(form: FormData): Upload | null {
  const raw = cell(form.get("table"));
  if (!raw) return null;
  try {
    const rows = JSON.parse(raw) as unknown;
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((c) => typeof c === "string"))) return null;
    return {
      fileName: cell(form.get("tableName")).slice(0, 200),
      rows: (rows as string[][]).slice(0, MAX_INPUT_LINES),
      mapping: { name: cell(form.get("mapName")), email: cell(form.get("mapEmail")), language: cell(form.get("mapLanguage")) },
      header: form.get("mapHeader") === "on",
    };
  } catch {
    return null;
  }
}

function tableInput(upload: Upload): TableInput | null {
  const at = (v: string) => (/^\d{1,2}$/.test(v) ? Number(v) : null);
  const email = at(upload.mapping.email);
  if (email === null) return null;
  const mapping: ColumnMapping = { email, name: at(upload.mapping.name), language: at(upload.mapping.language) };
  return { rows: upload.rows, mapping, header: upload.header };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const parsed = parseForm(form, composeSchema);
  const file = form.get("csv");
  let upload = readUpload(form);
  const fail = (errors: Record<string, string>, lineErrors: LineErrorView[] = []) =>
    data({ errors, values: parsed.values, lineErrors, upload }, { status: 400 });

  // a file chosen: read it and show the mapping step (nothing is prepared until staff confirm the columns)
  if (file && typeof file !== "string" && file.size > 0) {
    const rows = await readRecipientFile(file);
    if (!rows || rows.length === 0) return fail({ csv: "invitations.errorFile" });
    const guess = guessMapping(rows);
    const s = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v));
    upload = {
      fileName: file.name.slice(0, 200),
      rows,
      mapping: { name: s(guess.mapping?.name), email: s(guess.mapping?.email), language: s(guess.mapping?.language) },
      header: guess.header,
    };
    return data({ errors: {} as Record<string, string>, values: parsed.values, lineErrors: [] as LineErrorView[], upload });
  }
  if (!parsed.ok) return fail(parsed.errors);
  const table = upload ? tableInput(upload) : null;
  if (upload && !table) return fail({ mapEmail: "invitations.errorMapping" });
  const result = await prepareInvitation({ actorId: user.id, eventId, input: parsed.data, table });
  if (result.ok) return redirect(`/staff/events/${encodeURIComponent(eventId)}/invitations/${result.invitationId}`);
  if (result.error === "not-found") notFound();
  if (result.error === "bad-lines") {
    const field = result.lineErrors.some((e) => e.source === "pasted") ? "pasted" : "mapEmail";
    return fail({ [field]: "invitations.badLinesHeading" }, result.lineErrors as LineErrorView[]);
  }
  return fail({ _form: result.error === "empty" ? "invitations.errorEmpty" : "invitations.errorEventClosed" });
}

const letter = (i: number) => String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26)) : "");

/** Column choices for the mapping step: each column named by its letter and first value, as in the spreadsheet. */
function MappingStep({ upload, state }: { upload: Upload; state: { errors?: Record<string, string> } | undefined }) {
  const t = useT();
  const locale = useLocale();
  const width = Math.min(30, Math.max(0, ...upload.rows.slice(0, 50).map((r) => r.length)));
  const firstValue = (i: number) => upload.rows.find((r) => (r[i] ?? "").trim() !== "")?.[i]?.slice(0, 40) ?? "";
  const columns = Array.from({ length: width }, (_, i) => ({ value: String(i), label: t("invitations.mapColumn", { letter: letter(i), sample: firstValue(i) }) }));
  const error = state?.errors?.mapEmail;
  const select = (name: "mapName" | "mapEmail" | "mapLanguage", label: string, value: string, optional: boolean) => (
    <div className={`form-group${name === "mapEmail" && error ? " form-error" : ""}`}>
      <label className="form-label" htmlFor={`field-${name}`}>
        {label}
        {optional ? <span className="weight-normal"> {t("form.optional")}</span> : null}
      </label>
      {name === "mapEmail" && error ? (
        <span className="form-error-message" id="field-mapEmail-error">
          {t(error as Parameters<typeof t>[0])}
        </span>
      ) : null}
      <select className="form-select" id={`field-${name}`} name={name} defaultValue={value} aria-describedby={name === "mapEmail" && error ? "field-mapEmail-error" : undefined}>
        <option value="">{t("invitations.mapNone")}</option>
        {columns.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section aria-labelledby="mapping-heading" id="mapping">
      <h2 id="mapping-heading">{t("invitations.mappingHeading")}</h2>
      <p>{t("invitations.mappingIntro", { file: upload.fileName, rows: formatNumber(locale, upload.rows.length) })}</p>
      <input type="hidden" name="table" value={JSON.stringify(upload.rows)} />
      <input type="hidden" name="tableName" value={upload.fileName} />
      {select("mapEmail", t("invitations.mapEmail"), upload.mapping.email, false)}
      {select("mapName", t("invitations.mapName"), upload.mapping.name, true)}
      {select("mapLanguage", t("invitations.mapLanguage"), upload.mapping.language, true)}
      <div className="form-group">
        <div className="form-group-checkbox">
          <input className="form-checkbox" type="checkbox" id="field-mapHeader" name="mapHeader" value="on" defaultChecked={upload.header} />
          <label htmlFor="field-mapHeader">{t("invitations.mapHeader")}</label>
        </div>
      </div>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption>{t("invitations.mapCaption")}</caption>
          <thead>
            <tr>
              {Array.from({ length: width }, (_, i) => (
                <th key={i} scope="col">
                  {letter(i)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {upload.rows.slice(0, 5).map((r, i) => (
              <tr key={i}>
                {Array.from({ length: width }, (_, c) => (
                  <td key={c}>{r[c] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function NewInvitation() {
  const t = useT();
  const locale = useLocale();
  const { event, pastEvents } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const lineErrors = state?.lineErrors ?? [];
  const upload = state?.upload ?? null;
  const labels = {
    subject: t("invitations.subject"),
    message: t("invitations.message"),
    messageEn: t("invitations.messageEn"),
    pasted: t("invitations.pasted"),
    csv: t("invitations.csv"),
    mapEmail: t("invitations.mapEmail"),
  };
  const defaultSubject = event.discreet ? t("invitations.defaultSubjectDiscreet") : t("invitations.defaultSubject", { title: event.title });
  return (
    <div className="row">
      <div className="col-12 col-lg-10">
        <p>
          <Link to={`/staff/events/${event.id}/invitations`} className="back-link">
            {t("invitations.heading")}
          </Link>
        </p>
        <h1>{t("invitations.newHeading")}</h1>
        <p>{t("invitations.forEvent", { title: event.title })}</p>
        <ErrorSummary state={state} labels={labels} />
        {lineErrors.length ? (
          <div className="alert alert-warning" id="bad-lines">
            <div className="alert-body">
              <h2 className="alert-heading">{t("invitations.badLinesHeading")}</h2>
              <p className="alert-text">{t("invitations.badLinesIntro")}</p>
              <ul className="alert-text" data-testid="bad-lines">
                {lineErrors.map((e, i) => (
                  <li key={i}>
                    {t("invitations.badLine", {
                      source: e.source === "csv" ? t("invitations.sourceCsv") : t("invitations.sourcePasted"),
                      line: e.line,
                      problem: t(e.problem as Parameters<typeof t>[0]),
                    })}
                    <br />
                    <code>{e.text}</code>
                  </li>
                ))}
              </ul>
              <p className="alert-text">
                {/* submits the whole form below, as it is, with the bad lines left out */}
                <button type="submit" form="compose" name="leaveOut" value="1" className="button button-primary">
                  {t("invitations.leaveOutSubmit")}
                </button>{" "}
                <a href="#field-pasted" className="button button-secondary">
                  {t("invitations.fixSubmit")}
                </a>
              </p>
            </div>
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" noValidate id="compose">
          <TextField name="subject" label={labels.subject} hint={t("invitations.subjectHint")} state={state} defaultValue={defaultSubject} maxLength={150} />
          <TextArea name="message" label={labels.message} hint={t("invitations.messageHint")} state={state} rows={8} maxLength={5000} />
          <TextArea name="messageEn" label={labels.messageEn} hint={t("invitations.messageEnHint")} state={state} rows={6} maxLength={5000} optional />
          <h2>{t("invitations.audienceHeading")}</h2>
          <p className="form-hint">{t("invitations.audienceHint")}</p>
          <Checkbox name="members" label={t("invitations.members")} state={state} />
          <ChoiceGroup
            kind="checkbox"
            name="districts"
            label={t("invitations.districts")}
            optional
            state={state}
            options={DISTRICTS.map((d) => ({ value: d, label: t(`forum.district.${d}`) }))}
          />
          {pastEvents.length ? (
            <ChoiceGroup
              kind="checkbox"
              name="pastEvents"
              label={t("invitations.pastEvents")}
              optional
              state={state}
              options={pastEvents.map((e) => ({ value: e.id, label: e.firstStartsAt ? `${e.title} (${formatDate(locale, e.firstStartsAt, "date")})` : e.title }))}
            />
          ) : (
            <p>{t("invitations.noPastEvents")}</p>
          )}
          <TextArea name="pasted" label={labels.pasted} hint={t("invitations.pastedHint")} state={state} optional rows={8} />
          {upload ? <MappingStep upload={upload} state={state} /> : null}
          <div className={`form-group${state?.errors && "csv" in state.errors ? " form-error" : ""}`}>
            <label className="form-label" htmlFor="field-csv">
              {labels.csv} <span className="weight-normal">{t("form.optional")}</span>
            </label>
            <span className="form-hint" id="field-csv-hint">
              {upload ? t("invitations.fileKept", { file: upload.fileName, rows: formatNumber(locale, upload.rows.length) }) : t("invitations.csvHint")}
            </span>
            {state?.errors && "csv" in state.errors ? (
              <span className="form-error-message" id="field-csv-error">
                {t("invitations.errorFile")}
              </span>
            ) : null}
            <input
              className="form-file-input"
              type="file"
              id="field-csv"
              name="csv"
              accept=".csv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={state?.errors && "csv" in state.errors ? "field-csv-hint field-csv-error" : "field-csv-hint"}
            />
          </div>
          <button type="submit" className="button button-primary">
            {t("invitations.prepareSubmit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
