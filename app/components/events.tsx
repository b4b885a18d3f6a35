import { Form, Link } from "@remix-run/react";
import { Checkbox, ChoiceGroup, ErrorSummary, fieldId, SelectField, TextArea, TextField, type FormState } from "~/components/form";
import { formatDate, formatNumber, useLocale, useT, type Locale, type Translate } from "~/lib/i18n";
import { paths } from "~/lib/urls";
import type { MessageKey } from "~/locales";
import {
  AUDIENCES,
  DISCREET_CHOICES,
  EVENT_KINDS,
  EVENT_LANGUAGES,
  QUESTIONS,
  RELATIONS,
  VISIBILITIES,
  type Availability,
} from "~/models/event-options";

/**
 * "Places available", "Few places left", "Waiting list only": with a design-system tag colour. `compact` says only
 * "3 places left" when few are left (the key facts of an event page).
 */
export function AvailabilityTag({ availability, placesLeft, compact = false }: { availability: Availability; placesLeft: number | null; compact?: boolean }) {
  const t = useT();
  const cls = availability === "open" || availability === "unlimited" ? "tag-success" : availability === "few" ? "tag-warning" : "tag-error";
  const left = placesLeft === null ? null : placesLeft === 1 ? t("events.placesLeftOne") : t("events.placesLeft", { count: placesLeft });
  return (
    <span className={`availability ${cls}`}>
      {availability === "few" && left && compact ? left : t(`events.availability.${availability}`)}
      {availability === "few" && left && !compact ? ` (${left})` : ""}
    </span>
  );
}

type SessionLike = { startsAt: string | Date; endsAt: string | Date; placeAddress?: string | null; placeRoom?: string | null };

/** "torsdag den 15. oktober 2026, 17.00–19.00" in Copenhagen time. */
export function sessionText(locale: Locale, s: SessionLike) {
  return `${formatDate(locale, s.startsAt, "weekday")}, ${formatDate(locale, s.startsAt, "time")}–${formatDate(locale, s.endsAt, "time")}`;
}

export function SessionList({ sessions }: { sessions: SessionLike[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="session-list">
      {sessions.map((s, i) => (
        <li key={i}>
          <time dateTime={new Date(s.startsAt).toISOString()}>{sessionText(locale, s)}</time>
          {s.placeAddress ? (
            <>
              <br />
              <span className="form-hint">{t("events.sessionPlace", { place: [s.placeRoom, s.placeAddress].filter(Boolean).join(", ") })}</span>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** One row of a staff table of events: a title that links to the event, its kind, first date, fill and (optionally) state. */
type StaffEventRow = {
  id: string;
  title: string;
  kind: string;
  firstStartsAt: Date | string | null;
  capacity: number | null;
  registeredPersons: number;
  waitingCount: number;
  state?: string;
};

/** An event's fill in words ("10 tilmeldt af 12 pladser · 0 på venteliste"), never a bare "10 / 12 / 0". */
export function FillText({ event }: { event: Pick<StaffEventRow, "capacity" | "registeredPersons" | "waitingCount"> }) {
  const t = useT();
  const locale = useLocale();
  const n = (v: number) => formatNumber(locale, v);
  return event.capacity === null
    ? t("participants.fillOpen", { registered: n(event.registeredPersons), waiting: n(event.waitingCount) })
    : t("participants.fill", { registered: n(event.registeredPersons), capacity: n(event.capacity), waiting: n(event.waitingCount) });
}

/** The staff's table of events (the events list and the staff home's next events). */
export function StaffEventTable({ events, caption }: { events: StaffEventRow[]; caption: string }) {
  const t = useT();
  const locale = useLocale();
  const withState = events.some((e) => e.state);
  return (
    <div className="table--responsive-scroll">
      <table className="table table--compact">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("events.staffColTitle")}</th>
            <th scope="col">{t("events.staffColDate")}</th>
            {withState && <th scope="col">{t("events.staffColState")}</th>}
            <th scope="col">{t("participants.colFill")}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>
                <Link to={paths.staffEvent(e.id)}>{e.title}</Link>
                <br />
                <span className="form-hint">{t(`events.kind.${e.kind}` as MessageKey)}</span>
              </td>
              <td className="nowrap">{e.firstStartsAt ? formatDate(locale, e.firstStartsAt, "datetime") : ""}</td>
              {withState && <td>{e.state ? t(`events.state.${e.state}` as MessageKey) : ""}</td>}
              <td className="nowrap">
                <FillText event={e} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The event's questions (from its fixed set) as form fields: the same on the sign-up form and on the private page where
 * a relative changes the answers. `hints` adds the sign-up form's explanations.
 */
export function QuestionFields({ questions, state, hints = false }: { questions: readonly string[]; state: FormState; hints?: boolean }) {
  const t = useT();
  return (
    <>
      {questions.includes("relation") ? (
        <SelectField
          name="relation"
          label={t("events.question.relation")}
          state={state}
          optional
          options={[{ value: "", label: t("events.chooseOne") }, ...RELATIONS.map((r) => ({ value: r, label: t(`events.relation.${r}`) }))]}
        />
      ) : null}
      {questions.includes("language") ? (
        <TextField name="language" label={t("events.question.language")} hint={hints ? t("events.signupLanguageHint") : undefined} state={state} optional maxLength={100} />
      ) : null}
      {questions.includes("interpreter") ? (
        <ChoiceGroup
          kind="radio"
          name="interpreter"
          label={t("events.question.interpreter")}
          state={state}
          optional
          options={[
            { value: "no", label: t("events.no") },
            { value: "yes", label: t("events.yes") },
          ]}
        />
      ) : null}
      {questions.includes("needs") ? (
        <TextField name="needs" label={t("events.question.needs")} hint={hints ? t("events.signupNeedsHint") : undefined} state={state} optional maxLength={500} />
      ) : null}
      {questions.includes("comment") ? <TextArea name="comment" label={t("events.question.comment")} state={state} optional rows={4} maxLength={2000} /> : null}
    </>
  );
}

export const kindOptions = (t: Translate) => EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kind.${k}`) }));
export const audienceOptions = (t: Translate) => AUDIENCES.map((a) => ({ value: a, label: t(`events.audience.${a}`) }));


type SessionDefaults = { id: string; date: string; start: string; end: string; address: string; room: string }[];

/** The staff form to create or edit an event. Works without JavaScript: blank session rows are ignored. */
export function EventForm({
  state,
  defaults,
  sessions,
  rows,
  submitLabel,
  tracks,
}: {
  state: FormState;
  defaults: Record<string, string>;
  sessions?: SessionDefaults;
  rows: number;
  submitLabel: string;
  /** the action plan's tracks (app/models/tracks.server.ts) */
  tracks: { number: number; name: string }[];
}) {
  const t = useT();
  const values = state?.values;
  const list = (name: string) => (values ? (values[name] ?? "").split("\n").filter(Boolean) : (defaults[name] ?? "").split(",").filter(Boolean));
  const sessionRows = Array.from({ length: rows }, (_, i) => {
    const typed = (key: string) => values?.[key]?.split("\n")[i];
    const d = sessions?.[i];
    return {
      id: typed("sessionId[]") ?? d?.id ?? "",
      date: typed("sessionDate[]") ?? d?.date ?? "",
      start: typed("sessionStart[]") ?? d?.start ?? "",
      end: typed("sessionEnd[]") ?? d?.end ?? "",
      address: typed("sessionAddress[]") ?? d?.address ?? "",
      room: typed("sessionRoom[]") ?? d?.room ?? "",
    };
  });
  const labels: Record<string, string> = {
    kind: t("events.fieldKind"),
    discreet: t("events.fieldDiscreet"),
    title: t("events.fieldTitle"),
    summary: t("events.fieldSummary"),
    description: t("events.fieldDescription"),
    placeAddress: t("events.fieldPlaceAddress"),
    onlineUrl: t("events.fieldOnlineUrl"),
    languages: t("events.fieldLanguages"),
    capacity: t("events.fieldCapacity"),
    registrationOpensAt: t("events.fieldOpens"),
    registrationClosesAt: t("events.fieldCloses"),
    calendarTitle: t("events.fieldCalendarTitle"),
    ...Object.fromEntries(sessionRows.map((_, i) => [`session-${i}`, t("events.sessionLegend", { n: i + 1 })])),
  };
  const withDefaults: FormState = { errors: state?.errors, values: values ?? defaults };
  return (
    <>
      <ErrorSummary state={state} labels={labels} />
      <Form method="post" noValidate>
        <SelectField name="kind" label={labels.kind!} state={withDefaults} options={kindOptions(t)} />
        <TextField name="title" label={labels.title!} state={withDefaults} maxLength={200} />
        <TextField name="summary" label={labels.summary!} state={withDefaults} maxLength={500} />
        <TextArea name="description" label={labels.description!} state={withDefaults} optional rows={8} />
        <SelectField name="track" label={t("events.fieldTrack")} state={withDefaults} options={tracks.map((tr) => ({ value: String(tr.number), label: t("status.trackOption", { number: tr.number, name: tr.name }) }))} />
        <SelectField name="audience" label={t("events.fieldAudience")} state={withDefaults} options={audienceOptions(t)} />
        <SelectField name="visibility" label={t("events.fieldVisibility")} state={withDefaults} options={VISIBILITIES.map((x) => ({ value: x, label: t(`events.visibility.${x}`) }))} />
        <ChoiceGroup
          kind="radio"
          name="discreet"
          label={labels.discreet!}
          hint={t("events.fieldDiscreetHint")}
          state={state}
          defaultValues={[defaults.discreet ?? "auto"]}
          options={DISCREET_CHOICES.map((c) => ({ value: c, label: t(`events.discreet.${c}`) }))}
        />

        <h2 className="h3">{t("events.sessionsFormHeading")}</h2>
        <p className="form-hint">{t("events.sessionsFormHint")}</p>
        {sessionRows.map((row, i) => {
          const error = state?.errors?.[`session-${i}`];
          return (
            <fieldset key={i} id={fieldId(`session-${i}`)} className={`session-row${error ? " form-error" : ""}`}>
              <legend className="form-label">{t("events.sessionLegend", { n: i + 1 })}</legend>
              {error ? <span className="form-error-message">{t(error as MessageKey)}</span> : null}
              <input type="hidden" name="sessionId[]" value={row.id} />
              <div className="session-fields">
                <div className="form-group">
                  <label className="form-label" htmlFor={`session-${i}-date`}>
                    {t("events.sessionDate")}
                  </label>
                  <input className="form-input" type="date" id={`session-${i}-date`} name="sessionDate[]" defaultValue={row.date} />
                </div>
                <div className="form-group">
                  <label className="form-label" htmlFor={`session-${i}-start`}>
                    {t("events.sessionStart")}
                  </label>
                  <input className="form-input input-width-xs" type="time" id={`session-${i}-start`} name="sessionStart[]" defaultValue={row.start} />
                </div>
                <div className="form-group">
                  <label className="form-label" htmlFor={`session-${i}-end`}>
                    {t("events.sessionEnd")}
                  </label>
                  <input className="form-input input-width-xs" type="time" id={`session-${i}-end`} name="sessionEnd[]" defaultValue={row.end} />
                </div>
                <div className="form-group">
                  <label className="form-label" htmlFor={`session-${i}-address`}>
                    {t("events.sessionAddress")}
                  </label>
                  <input className="form-input" type="text" id={`session-${i}-address`} name="sessionAddress[]" defaultValue={row.address} maxLength={300} />
                </div>
                <div className="form-group">
                  <label className="form-label" htmlFor={`session-${i}-room`}>
                    {t("events.sessionRoom")}
                  </label>
                  <input className="form-input" type="text" id={`session-${i}-room`} name="sessionRoom[]" defaultValue={row.room} maxLength={200} />
                </div>
              </div>
            </fieldset>
          );
        })}
        <p>
          <Link to={`?rows=${Math.min(rows + 4, 20)}`} className="function-link">
            {t("events.moreSessions")}
          </Link>
        </p>

        <h2 className="h3">{t("events.placeHeading")}</h2>
        <TextField name="placeAddress" label={labels.placeAddress!} state={withDefaults} optional maxLength={300} />
        <TextField name="placeRoom" label={t("events.fieldPlaceRoom")} state={withDefaults} optional maxLength={200} />
        <TextArea name="placeDirections" label={t("events.fieldPlaceDirections")} state={withDefaults} optional rows={3} />
        <TextArea name="placeAccessibility" label={t("events.fieldPlaceAccessibility")} state={withDefaults} optional rows={3} />
        <TextField name="onlineUrl" type="url" label={labels.onlineUrl!} hint={t("events.fieldOnlineUrlHint")} state={withDefaults} optional />

        <h2 className="h3">{t("events.signupSettingsHeading")}</h2>
        <ChoiceGroup
          kind="checkbox"
          name="languages"
          label={labels.languages!}
          state={state}
          defaultValues={list("languages")}
          options={EVENT_LANGUAGES.map((l) => ({ value: l, label: t(`events.language.${l}`) }))}
        />
        <TextField name="capacity" label={labels.capacity!} hint={t("events.fieldCapacityHint")} state={withDefaults} optional inputMode="numeric" className="input-width-xs" />
        <TextField name="registrationOpensAt" type="datetime-local" label={labels.registrationOpensAt!} hint={t("events.fieldDateTimeHint")} state={withDefaults} optional />
        <TextField name="registrationClosesAt" type="datetime-local" label={labels.registrationClosesAt!} hint={t("events.fieldDateTimeHint")} state={withDefaults} optional />
        <Checkbox name="waitlistEnabled" label={t("events.fieldWaitlist")} state={state} defaultChecked={defaults.waitlistEnabled === "on"} />
        <ChoiceGroup
          kind="checkbox"
          name="questions"
          label={t("events.fieldQuestions")}
          state={state}
          optional
          defaultValues={list("questions")}
          options={QUESTIONS.map((q) => ({ value: q, label: t(`events.question.${q}`) }))}
        />
        <TextField name="calendarTitle" label={labels.calendarTitle!} hint={t("events.fieldCalendarTitleHint")} state={withDefaults} maxLength={100} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {submitLabel}
          </button>
        </div>
      </Form>
    </>
  );
}

/**
 * The answers on a "Er du sikker?" step (cancelling a place, declining an offer): a POST that does it, and a way back
 * to the page as it was. Plain form and link, so the step works without JavaScript.
 */
export function ConfirmActions({ intent, yes, no, busy }: { intent: string; yes: string; no: string; busy: boolean }) {
  return (
    <div className="actions confirm-actions">
      <Form method="post" replace>
        <input type="hidden" name="intent" value={intent} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {yes}
        </button>
      </Form>
      <Link to="." replace className="button button-secondary">
        {no}
      </Link>
    </div>
  );
}
