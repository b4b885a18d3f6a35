import { type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, SelectField, TextArea, TextField, type FormState } from "~/components/form";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatNumber, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireAdmin } from "~/lib/session.server";
import { currentYear } from "~/models/status-figures.server";
import { budgetFormSchema, createTrack, listTracksWithBudgets, setTrackBudget, trackFormSchema, trackUpdateSchema, updateTrack } from "~/models/tracks.server";
import statusCss from "~/styles/status.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: statusCss }];
export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "status.tracksTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAdmin(context);
  return { tracks: await listTracksWithBudgets(), year: currentYear() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  if (intent === "budget") {
    const parsed = parseForm(form, budgetFormSchema);
    if (!parsed.ok) return invalid(parsed);
    if (!(await setTrackBudget(admin.id, parsed.data))) notFound();
    return redirectWithNotice("/staff/tracks", "status.notice.budget");
  }
  if (intent === "update") {
    const parsed = parseForm(form, trackUpdateSchema);
    if (!parsed.ok) return invalid(parsed);
    if (!(await updateTrack({ actorId: admin.id, trackId: String(form.get("id") ?? ""), input: parsed.data }))) notFound();
    return redirectWithNotice("/staff/tracks", "status.notice.saved");
  }
  const parsed = parseForm(form, trackFormSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await createTrack(admin.id, parsed.data);
  if (!result.ok) return invalid({ errors: { number: "status.errorTrackTaken" }, values: parsed.values });
  return redirectWithNotice("/staff/tracks", "status.notice.created");
}

/** Admins keep the action plan's tracks (number, name, description) and each track's budget per year. */
export default function StaffTracks() {
  const t = useT();
  const locale = useLocale();
  const { tracks, year } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as FormState;
  const [params] = useSearchParams();
  const submitted = state?.values?.intent;
  const budgetState = submitted === "budget" ? state : undefined;
  const trackState = submitted && submitted !== "budget" ? state : undefined;
  // after a failed edit the form stays on the track being edited
  const editId = submitted === "update" ? state?.values?.id : params.get("edit");
  const editing = tracks.find((tr) => tr.id === editId);
  return (
    <>
      <h1>{t("status.tracksTitle")}</h1>
      <Notice />
      <p>{t("status.tracksIntro")}</p>
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption className="sr-only">{t("status.tracksTableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("status.trackNumber")}</th>
              <th scope="col">{t("status.trackName")}</th>
              <th scope="col">{t("status.trackBudgets")}</th>
            </tr>
          </thead>
          <tbody>
            {tracks.map((tr) => (
              <tr key={tr.id}>
                <td>{tr.number}</td>
                <td>
                  <strong>{tr.name}</strong>
                  {tr.description && <div className="form-hint">{tr.description}</div>}
                  <Link className="function-link" to={`/staff/tracks?edit=${tr.id}#track-form`} aria-label={`${t("status.editTrack")}: ${t("status.trackOption", { number: tr.number, name: tr.name })}`}>
                    {t("status.editTrack")}
                  </Link>
                </td>
                <td>
                  {tr.budgets.length === 0 ? (
                    t("status.noBudgets")
                  ) : (
                    <ul className="nobullet-list">
                      {tr.budgets.map((b) => (
                        <li key={b.year}>{t("status.budgetLine", { year: b.year, amount: formatNumber(locale, b.amount) })}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="budget-heading">
        <h2 id="budget-heading">{t("status.budgetHeading")}</h2>
        <p>{t("status.budgetHint")}</p>
        <ErrorSummary state={budgetState} labels={{ trackId: t("status.budgetTrack"), year: t("status.budgetYear"), amount: t("status.budgetAmount") }} />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="budget" />
          <SelectField
            name="trackId"
            label={t("status.budgetTrack")}
            state={budgetState}
            options={tracks.map((tr) => ({ value: tr.id, label: t("status.trackOption", { number: tr.number, name: tr.name }) }))}
          />
          <TextField name="year" label={t("status.budgetYear")} state={budgetState} inputMode="numeric" maxLength={4} defaultValue={String(year)} className="input-width-xs" />
          <TextField name="amount" label={t("status.budgetAmount")} state={budgetState} inputMode="numeric" maxLength={16} optional className="input-width-s" />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t("status.saveBudget")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="track-heading" id="track-form">
        <h2 id="track-heading">{editing ? t("status.trackOption", { number: editing.number, name: editing.name }) : t("status.newTrackHeading")}</h2>
        <ErrorSummary state={trackState} labels={{ number: t("status.trackNumber"), name: t("status.trackName"), description: t("status.trackDescription") }} />
        <Form method="post" noValidate>
          {editing ? (
            <>
              <input type="hidden" name="intent" value="update" />
              <input type="hidden" name="id" value={editing.id} />
            </>
          ) : (
            <>
              <input type="hidden" name="intent" value="create" />
              <TextField name="number" label={t("status.trackNumber")} state={trackState} inputMode="numeric" maxLength={2} className="input-width-xs" />
            </>
          )}
          <TextField name="name" label={t("status.trackName")} state={trackState} maxLength={200} defaultValue={editing?.name} />
          <TextArea name="description" label={t("status.trackDescription")} state={trackState} optional maxLength={2000} rows={3} defaultValue={editing?.description} />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {editing ? t("status.saveTrack") : t("status.createTrack")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
