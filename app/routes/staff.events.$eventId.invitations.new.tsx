import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Checkbox, ChoiceGroup, ErrorSummary, TextArea, TextField } from "~/components/form";
import { parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { MAX_LIST_CHARS } from "~/models/audience.server";
import { getEventForStaff } from "~/models/events.server";
import { DISTRICTS } from "~/models/forum-rules";
import { composeSchema, listPastEventsForAudience, prepareInvitation } from "~/models/invitations.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.newTitle");

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  return {
    event: { id: event.id, title: event.title, calendarTitle: event.calendarTitle },
    pastEvents: await listPastEventsForAudience(event.id),
  };
}

type LineErrorView = { source: "pasted" | "csv"; line: number; problem: string; text: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const parsed = parseForm(form, composeSchema);
  const file = form.get("csv");
  let csvText: string | null = null;
  let csvError: string | null = null;
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_LIST_CHARS) csvError = "invitations.errorCsv";
    else csvText = (await file.text()).replace(/^\uFEFF/, "");
  }
  if (!parsed.ok || csvError) {
    const errors = { ...(parsed.ok ? {} : parsed.errors), ...(csvError ? { csv: csvError } : {}) };
    return data({ errors, values: parsed.values, lineErrors: [] as LineErrorView[] }, { status: 400 });
  }
  const result = await prepareInvitation(user.id, eventId, parsed.data, csvText);
  if (result.ok) return redirect(`/staff/events/${encodeURIComponent(eventId)}/invitations/${result.invitationId}`);
  if (result.error === "not-found") notFound();
  if (result.error === "bad-lines") {
    const field = result.lineErrors.some((e) => e.source === "pasted") ? "pasted" : "csv";
    return data({ errors: { [field]: "invitations.badLinesHeading" }, values: parsed.values, lineErrors: result.lineErrors as LineErrorView[] }, { status: 400 });
  }
  const key = result.error === "empty" ? "invitations.errorEmpty" : "invitations.errorEventClosed";
  return data({ errors: { _form: key }, values: parsed.values, lineErrors: [] as LineErrorView[] }, { status: 400 });
}

export default function NewInvitation() {
  const t = useT();
  const locale = useLocale();
  const { event, pastEvents } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const lineErrors = state?.lineErrors ?? [];
  const labels = { subject: t("invitations.subject"), message: t("invitations.message"), pasted: t("invitations.pasted"), csv: t("invitations.csv") };
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
              <ul className="alert-text">
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
            </div>
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" noValidate>
          <TextField name="subject" label={labels.subject} hint={t("invitations.subjectHint")} state={state} defaultValue={event.calendarTitle} maxLength={150} />
          <TextArea name="message" label={labels.message} hint={t("invitations.messageHint")} state={state} rows={8} maxLength={5000} />
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
          <div className={`form-group${state?.errors && "csv" in state.errors ? " form-error" : ""}`}>
            <label className="form-label" htmlFor="field-csv">
              {labels.csv} <span className="weight-normal">{t("form.optional")}</span>
            </label>
            <span className="form-hint" id="field-csv-hint">
              {t("invitations.csvHint")}
            </span>
            <input className="form-file-input" type="file" id="field-csv" name="csv" accept=".csv,text/csv,text/plain" aria-describedby="field-csv-hint" />
          </div>
          <button type="submit" className="button button-primary">
            {t("invitations.prepareSubmit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
