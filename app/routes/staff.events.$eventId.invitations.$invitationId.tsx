import { DateTime } from "luxon";
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { redirectWithNotice } from "~/lib/flash.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { formatDate, formatNumber, timeZone, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { requireStaff } from "~/lib/session.server";
import invitationsCss from "~/styles/invitations.css?url";
import { discardInvitation, listLeftOut, previewInvitation, sendTestToSelf, type AudienceSummary } from "~/models/invitation-compose.server";
import { getInvitation, invitationProgress, listRecipients, type RecipientState } from "~/models/invitation-progress.server";
import { countRemindable, remindNonAnswerers, resendFailed, scheduleInvitation, sendInvitation } from "~/models/invitation-sending.server";
import { Notice } from "~/components/notice";
import { SendProgress } from "~/components/send-progress";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invitationsCss }];

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.invitation.subject ?? "");

const STATES: RecipientState[] = ["waiting", "sent", "failed", "yes", "no", "maybe", "registered", "waitlisted", "opted-out"];
const PAGE = 50;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const invitation = await getInvitation(params.invitationId ?? "");
  if (!invitation || invitation.eventId !== params.eventId) notFound();
  const url = new URL(request.url);
  const state = STATES.find((s) => s === url.searchParams.get("state"));
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const leftPage = Math.max(1, Number(url.searchParams.get("lpage")) || 1);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const summary = (JSON.parse(invitation.audience) as { summary?: AudienceSummary }).summary ?? null;
  const draft = !invitation.sentAt;
  const progress = draft ? null : await invitationProgress(invitation.id);
  return {
    invitation: {
      id: invitation.id,
      subject: invitation.subject,
      sentAt: invitation.sentAt,
      scheduledFor: invitation.scheduledFor,
      count: invitation._count.recipients,
      hasEnglish: Boolean(invitation.messageEn),
    },
    event: { id: invitation.event.id, title: invitation.event.title },
    summary,
    preview: draft ? { da: await previewInvitation(invitation.id, "da"), en: await previewInvitation(invitation.id, "en") } : null,
    progress,
    // the count staff confirm: asked for only on the confirmation step, and only once the send has finished
    remind: progress?.done && url.searchParams.get("confirm") === "remind" ? { count: await countRemindable(invitation.id) } : null,
    recipients: await listRecipients(invitation.id, { state, q, take: PAGE, skip: (page - 1) * PAGE }),
    leftOut: draft ? await listLeftOut(invitation.id, { q, take: PAGE, skip: (leftPage - 1) * PAGE }) : null,
    filter: state ?? "",
    q,
    page,
    leftPage,
  };
}

/** A date and a time as staff type them, in Copenhagen time. */
function copenhagenTime(date: string, time: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{1,2}[:.]\d{2}$/.test(time)) return null;
  const at = DateTime.fromISO(`${date}T${time.replace(".", ":").padStart(5, "0")}`, { zone: timeZone });
  return at.isValid ? at.toJSDate() : null;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const invitation = await getInvitation(params.invitationId ?? "");
  if (!invitation || invitation.eventId !== params.eventId) notFound();
  const here = `/staff/events/${encodeURIComponent(invitation.eventId)}/invitations/${invitation.id}`;
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  // what went wrong is answered with the page (its error display), never as a message after a redirect
  const pageError = (key: "invitations.alreadySent" | "invitations.remindChanged") => data({ pageError: key, scheduleError: null }, { status: 409 });
  const scheduleError = (key: "invitations.errorSchedulePast" | "invitations.errorScheduleInvalid") => data({ pageError: null, scheduleError: key }, { status: 400 });
  switch (intent) {
    case "test": {
      const quota = await consumeMailQuota([`invitation-test:${user.id}`]);
      if (!quota.ok) return tooManyRequests(quota.retryAfterS);
      await sendTestToSelf({ staff: user, invitationId: invitation.id, locale: user.locale === "en" ? "en" : "da" });
      return redirectWithNotice(here, "invitations.testSent", { email: user.email });
    }
    case "send": {
      const result = await sendInvitation({ actorId: user.id, invitationId: invitation.id });
      if (result.ok) return redirectWithNotice(here, "invitations.progressLeave");
      if (result.error === "already-sent") return pageError("invitations.alreadySent");
      return redirect(here);
    }
    case "discard": {
      await discardInvitation({ actorId: user.id, invitationId: invitation.id });
      return redirectWithNotice(`/staff/events/${encodeURIComponent(invitation.eventId)}/invitations`, "invitations.discarded");
    }
    case "resend": {
      const count = await resendFailed({ actorId: user.id, invitationId: invitation.id });
      return redirectWithNotice(here, "invitations.resent", { count });
    }
    case "remind": {
      // the number staff confirmed must still be the number: otherwise they see the new one and confirm again (the
      // form posts to the page with ?confirm=remind, so the answer shows the confirmation step with the new number)
      const expected = Number(form.get("expected"));
      if ((await countRemindable(invitation.id)) !== expected) return pageError("invitations.remindChanged");
      // a reminder mails many: limited per staff member like the test mail
      const quota = await consumeMailQuota([`invitation-remind:${user.id}`]);
      if (!quota.ok) return tooManyRequests(quota.retryAfterS);
      const count = await remindNonAnswerers({ actorId: user.id, invitationId: invitation.id });
      return redirectWithNotice(here, "invitations.reminded", { count });
    }
    case "schedule": {
      const when = copenhagenTime(String(form.get("date") ?? ""), String(form.get("time") ?? ""));
      if (!when) return scheduleError("invitations.errorScheduleInvalid");
      const result = await scheduleInvitation({ actorId: user.id, invitationId: invitation.id, when });
      if (result.ok) return redirectWithNotice(here, "invitations.scheduled");
      return result.error === "past" ? scheduleError("invitations.errorSchedulePast") : pageError("invitations.alreadySent");
    }
    case "unschedule": {
      await scheduleInvitation({ actorId: user.id, invitationId: invitation.id, when: null });
      return redirectWithNotice(here, "invitations.unscheduled");
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

/** The mail exactly as sent: its HTML in a frame that may run nothing (sandbox=""), and its plain text. */
function Preview({ heading, mail, id }: { heading: string; mail: { subject: string; text: string; html: string } | null; id: string }) {
  const t = useT();
  if (!mail) return null;
  return (
    <section aria-labelledby={`${id}-heading`} className="mail-preview">
      <h3 id={`${id}-heading`}>{heading}</h3>
      <p>
        <strong>{t("invitations.previewSubject", { subject: mail.subject })}</strong>
      </p>
      <iframe sandbox="" srcDoc={mail.html} title={`${heading}: ${t("invitations.previewHtml")}`} className="mail-preview-frame" data-testid={`${id}-html`} />
      <details>
        <summary>{t("invitations.previewText")}</summary>
        <pre className="pre-wrap" data-testid={`${id}-text`}>
          {mail.text}
        </pre>
      </details>
    </section>
  );
}

function Pages({ count, current, param, params, label }: { count: number; current: number; param: string; params: Record<string, string>; label: string }) {
  if (count <= 1) return null;
  return (
    <nav aria-label={label} className="pagination-nav">
      <ul className="nobullet-list inline-list">
        {Array.from({ length: count }, (_, i) => i + 1).map((p) => (
          <li key={p}>
            {p === current ? (
              <span aria-current="page">{p}</span>
            ) : (
              <Link to={`?${new URLSearchParams({ ...params, [param]: String(p) })}`}>{p}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

export default function InvitationPage() {
  const t = useT();
  const locale = useLocale();
  const { invitation, event, summary, preview, progress, remind, recipients, leftOut, filter, q, page, leftPage } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const pageError = failure && "pageError" in failure ? failure.pageError : null;
  const scheduleError = failure && "scheduleError" in failure && failure.scheduleError ? t(failure.scheduleError) : null;
  const base = `/staff/events/${event.id}/invitations/${invitation.id}`;
  const failed = recipients?.counts.failed ?? 0;
  const pages = recipients ? Math.ceil(recipients.total / PAGE) : 1;
  const n = (v: number) => formatNumber(locale, v);
  const keep = { ...(filter ? { state: filter } : {}), ...(q ? { q } : {}) };
  const search = (
    <Form method="get" className="filter-form" role="search">
      {filter ? <input type="hidden" name="state" value={filter} /> : null}
      <label className="form-label" htmlFor="recipient-search">
        {t("invitations.search")}
      </label>
      <input id="recipient-search" name="q" type="search" className="form-input" defaultValue={q} />
      <button type="submit" className="button button-secondary">
        {t("invitations.searchSubmit")}
      </button>
    </Form>
  );
  return (
    <>
      <p>
        <Link to={`/staff/events/${event.id}/invitations`} className="back-link">
          {t("invitations.heading")}
        </Link>
      </p>
      <h1>{invitation.sentAt ? t("invitations.sentHeading", { subject: invitation.subject }) : t("invitations.draftHeading", { subject: invitation.subject })}</h1>
      <Notice />
      <ErrorSummary state={pageError ? { errors: { _form: pageError } } : undefined} />
      {invitation.sentAt ? <p>{t("invitations.sentAt", { date: formatDate(locale, invitation.sentAt, "datetime"), title: event.title })}</p> : null}
      {summary ? (
        <>
          <p>
            <strong>{t("invitations.summary", { total: n(summary.total) })}</strong>
          </p>
          <p>{t("invitations.summaryDetails", { ...summary })}</p>
        </>
      ) : null}

      {preview ? (
        <>
          <h2>{t("invitations.previewHeading", { name: preview.da?.recipient.name || preview.da?.recipient.email || "" })}</h2>
          <p>{t("invitations.previewNote")}</p>
          <Preview heading={t("invitations.previewDa")} mail={preview.da} id="preview-da" />
          <Preview heading={t("invitations.previewEn")} mail={preview.en} id="preview-en" />
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <button type="submit" className="button button-secondary">
              {t("invitations.testSubmit")}
            </button>
          </Form>

          <h2 id="recipients-heading">{t("invitations.draftRecipientsHeading", { count: n(invitation.count) })}</h2>
          {search}
          {recipients ? (
            <>
              <div className="table--responsive-scroll">
                <table className="table" data-testid="draft-recipients">
                  <caption>{t("invitations.draftRecipientsCaption", { count: n(recipients.total) })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("invitations.colName")}</th>
                      <th scope="col">{t("invitations.colEmail")}</th>
                      <th scope="col">{t("invitations.colLanguage")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {recipients.rows.map((r) => (
                      <tr key={r.id} data-email={r.email}>
                        <td>{r.name}</td>
                        <td>{r.email}</td>
                        <td>{t(`invitations.language.${r.locale}`)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pages count={pages} current={page} param="page" params={{ ...keep, lpage: String(leftPage) }} label={t("invitations.draftRecipientsHeading", { count: n(invitation.count) })} />
            </>
          ) : null}

          {leftOut ? (
            <section aria-labelledby="left-out-heading">
              <h2 id="left-out-heading">{t("invitations.leftOutHeading", { count: n(Object.values(leftOut.counts).reduce((a, b) => a + (b ?? 0), 0)) })}</h2>
              {leftOut.total === 0 ? (
                <p>{t("invitations.leftOutNone")}</p>
              ) : (
                <>
                  <div className="table--responsive-scroll">
                    <table className="table" data-testid="left-out">
                      <caption>{t("invitations.leftOutCaption", { count: n(leftOut.total) })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("invitations.colReason")}</th>
                          <th scope="col">{t("invitations.colLine")}</th>
                          <th scope="col">{t("invitations.colName")}</th>
                          <th scope="col">{t("invitations.colEmail")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {leftOut.rows.map((r) => (
                          <tr key={r.id} data-reason={r.reason}>
                            <td>
                              {t(`invitations.reason.${r.reason}`)}
                              {r.problem ? `: ${t(r.problem as Parameters<typeof t>[0])}` : ""}
                            </td>
                            <td>{r.line ?? ""}</td>
                            <td>{r.name}</td>
                            <td>{r.reason === "invalid" ? <code>{r.email}</code> : r.email}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  <Pages count={Math.ceil(leftOut.total / PAGE)} current={leftPage} param="lpage" params={{ ...keep, page: String(page) }} label={t("invitations.leftOutCaption", { count: n(leftOut.total) })} />
                </>
              )}
            </section>
          ) : null}

          <h2>{t("invitations.confirmHeading")}</h2>
          <p>{t("invitations.confirmText", { count: n(invitation.count) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="send" />
            <button type="submit" className="button button-primary">
              {t("invitations.confirmSubmit", { count: n(invitation.count) })}
            </button>
          </Form>

          <section aria-labelledby="schedule-heading" id="schedule">
            <h2 id="schedule-heading">{t("invitations.scheduleHeading")}</h2>
            {invitation.scheduledFor ? (
              <>
                <p data-testid="scheduled-for">
                  <strong>{t("invitations.scheduledFor", { date: formatDate(locale, invitation.scheduledFor, "datetime") })}</strong>
                </p>
                <Form method="post">
                  <input type="hidden" name="intent" value="unschedule" />
                  <button type="submit" className="button button-secondary">
                    {t("invitations.unscheduleSubmit")}
                  </button>
                </Form>
              </>
            ) : null}
            <p>{t("invitations.scheduleIntro")}</p>
            <Form method="post" className={scheduleError ? "form-error" : undefined}>
              <input type="hidden" name="intent" value="schedule" />
              {scheduleError ? (
                <span className="form-error-message" id="schedule-error" role="alert">
                  {scheduleError}
                </span>
              ) : null}
              <div className="form-group">
                <label className="form-label" htmlFor="schedule-date">
                  {t("invitations.scheduleDate")}
                </label>
                <input id="schedule-date" name="date" type="date" className="form-input input-width-s" required aria-describedby={scheduleError ? "schedule-error" : undefined} />
              </div>
              <div className="form-group">
                <label className="form-label" htmlFor="schedule-time">
                  {t("invitations.scheduleTime")}
                </label>
                <input id="schedule-time" name="time" type="time" className="form-input input-width-xs" required aria-describedby={scheduleError ? "schedule-error" : undefined} />
              </div>
              <button type="submit" className="button button-secondary">
                {t("invitations.scheduleSubmit")}
              </button>
            </Form>
          </section>

          {/* away from Send: its own section at the end of the page */}
          <section aria-labelledby="discard-heading" className="discard-section">
            <h2 id="discard-heading">{t("invitations.discardHeading")}</h2>
            <p>{t("invitations.discardText")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="discard" />
              <button type="submit" className="button button-secondary">
                {t("invitations.discardSubmit")}
              </button>
            </Form>
          </section>
        </>
      ) : null}

      {progress ? (
        <SendProgress
          initial={progress}
          url={`${base}/progress`}
          labels={{
            heading: t("invitations.progressHeading"),
            bar: t("invitations.progressLabel"),
            text: (counts) => t("invitations.progressText", counts),
            done: t("invitations.progressDone"),
            leave: t("invitations.progressLeave"),
            reload: t("invitations.progressReload"),
          }}
        />
      ) : null}

      {invitation.sentAt ? (
        <div className="actions" id="remind">
          {failed > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resend" />
              <button type="submit" className="button button-secondary">
                {t("invitations.resendSubmit", { count: n(failed) })}
              </button>
            </Form>
          ) : null}
          {!progress?.done ? (
            <p>{t("invitations.remindAfterSend")}</p>
          ) : remind ? (
            <section aria-labelledby="remind-heading" className="remind-confirm">
              <h2 id="remind-heading">{t("invitations.remindConfirmHeading")}</h2>
              {remind.count > 0 ? (
                <>
                  <p data-testid="remind-count">{t("invitations.remindConfirmText", { count: n(remind.count) })}</p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remind" />
                    <input type="hidden" name="expected" value={remind.count} />
                    <button type="submit" className="button button-primary">
                      {t("invitations.remindConfirmSubmit", { count: n(remind.count) })}
                    </button>{" "}
                    <Link to={base} className="button button-secondary">
                      {t("invitations.remindCancel")}
                    </Link>
                  </Form>
                </>
              ) : (
                <p data-testid="remind-count">{t("invitations.remindNone")}</p>
              )}
            </section>
          ) : (
            <p>
              <Link to={`${base}?confirm=remind#remind`} className="button button-secondary" aria-describedby="remind-hint">
                {t("invitations.remindSubmit")}
              </Link>{" "}
              <span className="form-hint" id="remind-hint">
                {t("invitations.remindHint")}
              </span>
            </p>
          )}
        </div>
      ) : null}

      {recipients && invitation.sentAt ? (
        <>
          <h2>{t("invitations.recipientsHeading")}</h2>
          <Form method="get" className="filter-form">
            {q ? <input type="hidden" name="q" value={q} /> : null}
            <label className="form-label" htmlFor="state-filter">
              {t("invitations.filterState")}
            </label>
            <select id="state-filter" name="state" className="form-select" defaultValue={filter}>
              <option value="">{t("invitations.filterAll")}</option>
              {STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`invitations.state.${s}`)} ({recipients.counts[s] ?? 0})
                </option>
              ))}
            </select>
            <button type="submit" className="button button-secondary">
              {t("invitations.filterSubmit")}
            </button>
          </Form>
          {search}
          <div className="table--responsive-scroll">
            <table className="table" data-testid="recipients">
              <caption>{t("invitations.recipientsCaption", { count: n(recipients.total) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("invitations.colName")}</th>
                  <th scope="col">{t("invitations.colEmail")}</th>
                  <th scope="col">{t("invitations.colState")}</th>
                  <th scope="col">{t("invitations.colDetails")}</th>
                </tr>
              </thead>
              <tbody>
                {recipients.rows.map((r) => (
                  <tr key={r.id} data-email={r.email}>
                    <td>{r.name}</td>
                    <td>{r.email}</td>
                    <td data-state={r.state}>{t(`invitations.state.${r.state}`)}</td>
                    <td>
                      {r.error ? <span>{r.error}</span> : null}
                      {r.lastRemindedAt ? <span>{t("invitations.remindedAt", { date: formatDate(locale, r.lastRemindedAt, "datetime") })}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pages count={pages} current={page} param="page" params={keep} label={t("invitations.recipientsHeading")} />
        </>
      ) : null}
    </>
  );
}
