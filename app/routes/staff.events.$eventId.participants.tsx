import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { FillText } from "~/components/events";
import { ChoiceGroup, ErrorSummary, SelectField, TextField } from "~/components/form";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, formatNumber, translate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { answerText, questionsOf } from "~/models/event-options";
import { getEventForStaff } from "~/models/events.server";
import { addParticipantByHand, applyBulkAction, getParticipants, planBulkAction } from "~/models/participants.server";
import { staffAddSchema } from "~/models/registration-form";
import { BULK_ACTIONS, type BulkAction } from "~/models/participant-options";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

const STATES = ["REGISTERED", "WAITLISTED", "CANCELLED"] as const;
type State = (typeof STATES)[number];

/** The list, searched (name, email, the people in the group) and filtered by state from the query string: a GET form. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  const search = new URL(request.url).searchParams;
  const q = (search.get("q") ?? "").trim().slice(0, 200);
  const asked = search.get("state") ?? "";
  const state = (STATES as readonly string[]).includes(asked) ? (asked as State) : "";
  const all = await getParticipants(event.id);
  const needle = q.toLocaleLowerCase("da");
  const shown = all.filter(
    (p) => (!state || p.status === state) && (!needle || [p.name, p.email, ...p.people].some((v) => v.toLocaleLowerCase("da").includes(needle))),
  );
  return {
    event: { id: event.id, title: event.title, capacity: event.capacity, registeredPersons: event.registeredPersons, waitingCount: event.waitingCount, status: event.status },
    questions: questionsOf(event),
    participants: shown,
    total: all.length,
    filter: { q, state },
  };
}

type BulkState = { errors: Record<string, string>; values: Record<string, string>; selected: string[] };
type Confirm = { action: BulkAction; ids: string[]; skipped: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const here = `/staff/events/${encodeURIComponent(eventId)}/participants`;
  if (intent === "bulk-review" || intent === "bulk-apply") {
    const ids = form.getAll("ids").map(String).filter(Boolean);
    const asked = String(form.get("bulkAction") ?? "");
    const bulkAction = (BULK_ACTIONS as readonly string[]).includes(asked) ? (asked as BulkAction) : null;
    const errors: Record<string, string> = {};
    if (!bulkAction) errors.bulkAction = "participants.errorAction";
    if (ids.length === 0) errors._form = "participants.errorNoneSelected";
    if (!bulkAction || ids.length === 0) return data({ bulk: { errors, values: { bulkAction: asked }, selected: ids } satisfies BulkState }, 400);
    if (intent === "bulk-review") {
      // the confirmation step: the count of those the action applies to, and of those it skips
      const plan = await planBulkAction({ eventId, ids, action: bulkAction });
      if (!plan) notFound();
      if (plan.eligible.length === 0) return data({ bulk: { errors: { _form: "participants.errorNoneApply" }, values: { bulkAction: asked }, selected: ids } satisfies BulkState }, 409);
      return data({ confirm: { action: bulkAction, ids: plan.eligible, skipped: plan.skipped } satisfies Confirm });
    }
    const result = await applyBulkAction({ actorId: user.id, eventId, ids, action: bulkAction });
    if (!result) notFound();
    return redirectWithNotice(here, "participants.done", { count: result.done });
  }
  const parsed = parseForm(form, staffAddSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await addParticipantByHand({ actorId: user.id, eventId, person: parsed.data });
  if (!result.ok) return invalid({ errors: { _form: result.error === "full" ? "events.signupFull" : "events.signupClosed" }, values: parsed.values }, 409);
  return redirectWithNotice(here, "events.staffAdded", { status: translate(context.locale, `events.registrationStatus.${result.status}`) });
}

type ActionData = { bulk?: BulkState; confirm?: Confirm; errors?: Record<string, string>; values?: Record<string, string> };

/** Everyone on the event in one table that fits the page: search, filter, tick and act on many at once; prints on paper. */
export default function Participants() {
  const t = useT();
  const locale = useLocale();
  const { event, questions, participants, total, filter } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const { pathname, search } = useLocation();
  const n = (v: number) => formatNumber(locale, v);

  if (actionData?.confirm) {
    const { action, ids, skipped } = actionData.confirm;
    const label = t(`participants.bulk.${action}`);
    return (
      <>
        <p className="no-print">
          <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
        </p>
        <h1 tabIndex={-1} className="focus-target">
          {t("participants.confirmHeading", { action: label })}
        </h1>
        <p className="font-lead">{t(`participants.confirmText.${action}`, { count: n(ids.length) })}</p>
        {skipped > 0 ? <p>{t("participants.confirmSkipped", { count: n(skipped) })}</p> : null}
        <Form method="post" action={`${pathname}${search}`}>
          <input type="hidden" name="intent" value="bulk-apply" />
          <input type="hidden" name="bulkAction" value={action} />
          {ids.map((id) => (
            <input key={id} type="hidden" name="ids" value={id} />
          ))}
          <ul className="nobullet-list inline-list confirm-actions">
            <li>
              <button type="submit" className="button button-primary">
                {t("participants.confirmSubmit", { action: label.toLocaleLowerCase(locale), count: n(ids.length) })}
              </button>
            </li>
            <li>
              <Link className="button button-secondary" to={`${pathname}${search}`}>
                {t("participants.confirmBack")}
              </Link>
            </li>
          </ul>
        </Form>
      </>
    );
  }

  const bulk = actionData?.bulk;
  const selected = new Set(bulk?.selected ?? []);
  const addState = actionData?.errors ? { errors: actionData.errors, values: actionData.values } : undefined;
  const canMove = event.status === "PUBLISHED";
  const bulkErrors = bulk ? { errors: bulk.errors, values: bulk.values } : undefined;
  return (
    <>
      <p className="no-print">
        <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>
        {t("events.participantsHeading")}: {event.title}
      </h1>
      <Notice />
      <p>
        <FillText event={event} />
      </p>
      <ul className="nobullet-list inline-list no-print">
        <li>
          <a className="button button-secondary" href={`/staff/events/${event.id}/participants.csv`} download>
            {t("events.staffCsv")}
          </a>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/attendance`}>
            {t("events.staffAttendance")}
          </Link>
        </li>
        <li>
          <Link className="button button-secondary" to={`/staff/events/${event.id}/messages`}>
            {t("participants.messagesLink")}
          </Link>
        </li>
      </ul>

      <Form method="get" className="no-print participant-filter" role="search">
        <div className="form-group">
          <label className="form-label" htmlFor="participants-q">
            {t("participants.searchLabel")}
          </label>
          <input className="form-input" id="participants-q" name="q" type="search" defaultValue={filter.q} maxLength={200} />
        </div>
        <div className="form-group">
          <label className="form-label" htmlFor="participants-state">
            {t("participants.stateLabel")}
          </label>
          <select className="form-select" id="participants-state" name="state" defaultValue={filter.state}>
            <option value="">{t("participants.stateAll")}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`events.registrationStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="participant-filter-buttons">
          <button type="submit" className="button button-secondary">
            {t("participants.searchSubmit")}
          </button>
          {filter.q || filter.state ? <Link to={pathname}>{t("participants.searchReset")}</Link> : null}
        </div>
      </Form>
      <p role="status" aria-live="polite">
        {t("participants.shown", { shown: n(participants.length), total: n(total) })}
      </p>

      {bulkErrors ? <ErrorSummary state={bulkErrors} labels={{ bulkAction: t("participants.bulkAction") }} /> : null}
      {participants.length === 0 ? (
        <p>{t("participants.participantsNone")}</p>
      ) : (
        <Form method="post" action={`${pathname}${search}`} key={`${filter.q}|${filter.state}`}>
          <table className="table table--compact participant-table">
            <caption className="sr-only">{t("events.participantsHeading")}</caption>
            <thead>
              <tr>
                <th scope="col" className="participant-select no-print">
                  <span className="sr-only">{t("participants.colSelect")}</span>
                </th>
                <th scope="col">{t("events.colName")}</th>
                <th scope="col">{t("events.colContact")}</th>
                <th scope="col">{t("participants.stateLabel")}</th>
                <th scope="col">{t("events.colGroup")}</th>
                {questions.length ? <th scope="col">{t("events.colAnswers")}</th> : null}
                <th scope="col">{t("events.colRegistered")}</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.id}>
                  <td className="participant-select no-print">
                    <div className="form-group-checkbox">
                      <input className="form-checkbox" type="checkbox" id={`select-${p.id}`} name="ids" value={p.id} defaultChecked={selected.has(p.id)} />
                      <label htmlFor={`select-${p.id}`}>
                        <span className="sr-only">{t("participants.select", { name: p.name })}</span>
                      </label>
                    </div>
                  </td>
                  <td>
                    {p.name}
                    {p.organisationName ? <div className="form-hint">{p.organisationName}</div> : null}
                    {p.offerExpiresAt ? <div className="form-hint">{t("events.offerOpenUntil", { date: formatDate(locale, p.offerExpiresAt, "datetime") })}</div> : null}
                  </td>
                  <td className="participant-contact">
                    {p.email}
                    {p.phone ? <div>{p.phone}</div> : null}
                  </td>
                  <td>{t(`events.registrationStatus.${p.status}`)}</td>
                  <td>{p.people.length > 1 ? p.people.join(", ") : ""}</td>
                  {questions.length ? (
                    <td>
                      {questions
                        .filter((q) => p.answers[q])
                        .map((q) => (
                          <div key={q}>
                            <strong>{t(`events.question.${q}`)}:</strong> <span className="pre-wrap">{answerText(locale, q, p.answers[q])}</span>
                          </div>
                        ))}
                    </td>
                  ) : null}
                  <td>{formatDate(locale, p.createdAt, "datetime")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <fieldset className="no-print participant-bulk">
            <legend className="h4">{t("participants.bulkLegend")}</legend>
            <input type="hidden" name="intent" value="bulk-review" />
            <SelectField
              name="bulkAction"
              label={t("participants.bulkAction")}
              state={bulkErrors}
              options={[
                { value: "", label: t("events.chooseOne") },
                ...BULK_ACTIONS.filter((a) => canMove || a === "attended" || a === "cancel").map((a) => ({ value: a, label: t(`participants.bulk.${a}`) })),
              ]}
            />
            <button type="submit" className="button button-primary">
              {t("participants.bulkSubmit")}
            </button>
          </fieldset>
        </Form>
      )}

      {event.status === "PUBLISHED" ? (
        <section aria-labelledby="add-heading" className="no-print mt-7">
          <h2 id="add-heading" className="h3">
            {t("events.staffAddHeading")}
          </h2>
          <p>{t("events.staffAddHint")}</p>
          <ErrorSummary state={addState} labels={{ name: t("events.colName"), email: t("events.csvEmail") }} />
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="add" />
            <TextField name="name" label={t("events.colName")} state={addState} maxLength={120} />
            <TextField name="email" type="email" label={t("events.csvEmail")} state={addState} optional maxLength={254} />
            <TextField name="phone" type="tel" label={t("events.csvPhone")} state={addState} optional maxLength={30} />
            <ChoiceGroup
              kind="radio"
              name="groupSize"
              label={t("events.signupGroupSize")}
              state={addState}
              defaultValues={["1"]}
              options={["1", "2", "3"].map((v) => ({ value: v, label: t(`events.group.${v as "1" | "2" | "3"}`) }))}
            />
            <TextField name="person2" label={t("events.signupPerson2")} state={addState} optional maxLength={120} />
            <TextField name="person3" label={t("events.signupPerson3")} state={addState} optional maxLength={120} />
            <SelectField
              name="locale"
              label={t("events.staffAddLocale")}
              state={addState}
              options={[
                { value: "da", label: t("events.language.da") },
                { value: "en", label: t("events.language.en") },
              ]}
            />
            <button type="submit" className="button button-primary">
              {t("events.staffAddSubmit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
