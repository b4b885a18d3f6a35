import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { formatDate, formatNumber, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { requireStaff } from "~/lib/session.server";
import {
  discardInvitation,
  getInvitation,
  invitationProgress,
  listRecipients,
  previewInvitation,
  remindNonAnswerers,
  resendFailed,
  sendInvitation,
  sendTestToSelf,
  type AudienceSummary,
  type Progress,
  type RecipientState,
} from "~/models/invitations.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.invitation.subject ?? "");

const STATES: RecipientState[] = ["waiting", "sent", "failed", "yes", "no", "maybe", "registered", "waitlisted", "opted-out"];
const PAGE = 200;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  const invitation = await getInvitation(params.invitationId ?? "");
  if (!invitation || invitation.eventId !== params.eventId) notFound();
  const url = new URL(request.url);
  const state = STATES.find((s) => s === url.searchParams.get("state"));
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const summary = (JSON.parse(invitation.audience) as { summary?: AudienceSummary }).summary ?? null;
  const draft = !invitation.sentAt;
  return {
    invitation: { id: invitation.id, subject: invitation.subject, sentAt: invitation.sentAt, count: invitation._count.recipients },
    event: { id: invitation.event.id, title: invitation.event.title },
    summary,
    preview: draft ? { da: await previewInvitation(invitation.id, "da"), en: await previewInvitation(invitation.id, "en") } : null,
    progress: draft ? null : await invitationProgress(invitation.id),
    recipients: await listRecipients(invitation.id, { state, take: PAGE, skip: (page - 1) * PAGE }),
    filter: state ?? "",
    page,
    me: user.email,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const invitation = await getInvitation(params.invitationId ?? "");
  if (!invitation || invitation.eventId !== params.eventId) notFound();
  const here = `/staff/events/${encodeURIComponent(invitation.eventId)}/invitations/${invitation.id}`;
  const intent = String((await request.formData()).get("intent") ?? "");
  switch (intent) {
    case "test": {
      const quota = await consumeMailQuota([`invitation-test:${user.id}`]);
      if (!quota.ok) return tooManyRequests(quota.retryAfterS);
      await sendTestToSelf(user, invitation.id, user.locale === "en" ? "en" : "da");
      return redirect(`${here}?notice=test`);
    }
    case "send": {
      const result = await sendInvitation(user.id, invitation.id);
      return redirect(`${here}?notice=${result.ok ? "sent" : result.error}`);
    }
    case "discard": {
      await discardInvitation(user.id, invitation.id);
      return redirect(`/staff/events/${encodeURIComponent(invitation.eventId)}/invitations?notice=discarded`);
    }
    case "resend": {
      const count = await resendFailed(user.id, invitation.id);
      return redirect(`${here}?notice=resent&count=${count}`);
    }
    case "remind": {
      const count = await remindNonAnswerers(user.id, invitation.id);
      return redirect(`${here}?notice=reminded&count=${count}`);
    }
    default:
      throw new Response("Bad request", { status: 400 });
  }
}

/**
 * The progress bar: a native <progress> with the counts in a polite live region. While mail is waiting it asks the
 * JSON endpoint every second and, once all is done, reloads the page's data so the table shows the final states.
 * Without JavaScript the link beside it reloads the page.
 */
function SendProgress({ initial, url }: { initial: Progress; url: string }) {
  const t = useT();
  const locale = useLocale();
  const [progress, setProgress] = useState(initial);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => setProgress(initial), [initial]);
  useEffect(() => {
    if (progress.done) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as Progress;
        setProgress(next);
        if (next.done) revalidate.current();
      } catch {
        // a missed poll is retried at the next tick
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [progress.done, url]);
  const handled = progress.sent + progress.failed;
  const n = (v: number) => formatNumber(locale, v);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{t("invitations.progressHeading")}</h2>
      <label htmlFor="send-progress" className="form-label">
        {t("invitations.progressLabel")}
      </label>
      <progress id="send-progress" max={Math.max(progress.total, 1)} value={handled} className="send-progress" data-done={progress.done ? "true" : "false"}>
        {progress.total ? Math.round((handled / progress.total) * 100) : 100}%
      </progress>
      <p aria-live="polite" role="status" data-testid="progress-text">
        {t("invitations.progressText", { sent: n(progress.sent), failed: n(progress.failed), waiting: n(progress.waiting), total: n(progress.total) })}
        {progress.done ? ` ${t("invitations.progressDone")}` : ""}
      </p>
      {!progress.done ? (
        <p>
          {t("invitations.progressLeave")} <Link to=".">{t("invitations.progressReload")}</Link>
        </p>
      ) : null}
    </section>
  );
}

function Preview({ heading, mail }: { heading: string; mail: { subject: string; text: string } | null }) {
  const t = useT();
  if (!mail) return null;
  return (
    <section>
      <h3>{heading}</h3>
      <p>
        <strong>{t("invitations.previewSubject", { subject: mail.subject })}</strong>
      </p>
      <pre className="pre-wrap">{mail.text}</pre>
    </section>
  );
}

export default function InvitationPage() {
  const t = useT();
  const locale = useLocale();
  const { invitation, event, summary, preview, progress, recipients, filter, page, me } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const count = Number(params.get("count") ?? 0);
  const noticeText =
    notice === "test"
      ? t("invitations.testSent", { email: me })
      : notice === "sent"
        ? t("invitations.progressLeave")
        : notice === "already-sent"
          ? t("invitations.alreadySent")
          : notice === "resent"
            ? t("invitations.resent", { count })
            : notice === "reminded"
              ? t("invitations.reminded", { count })
              : null;
  const base = `/staff/events/${event.id}/invitations/${invitation.id}`;
  const failed = recipients?.counts.failed ?? 0;
  const pages = recipients ? Math.ceil(recipients.total / PAGE) : 1;
  return (
    <>
      <p>
        <Link to={`/staff/events/${event.id}/invitations`} className="back-link">
          {t("invitations.heading")}
        </Link>
      </p>
      <h1>{invitation.sentAt ? t("invitations.sentHeading", { subject: invitation.subject }) : t("invitations.draftHeading", { subject: invitation.subject })}</h1>
      <Notice text={noticeText} />
      {invitation.sentAt ? <p>{t("invitations.sentAt", { date: formatDate(locale, invitation.sentAt, "datetime"), title: event.title })}</p> : null}
      {summary ? (
        <>
          <p>
            <strong>{t("invitations.summary", { total: formatNumber(locale, summary.total) })}</strong>
          </p>
          <p>{t("invitations.summaryDetails", { ...summary })}</p>
        </>
      ) : null}

      {preview ? (
        <>
          <h2>{t("invitations.previewHeading", { name: preview.da?.recipient.name || preview.da?.recipient.email || "" })}</h2>
          <p>{t("invitations.previewNote")}</p>
          <Preview heading={t("invitations.previewDa")} mail={preview.da} />
          <Preview heading={t("invitations.previewEn")} mail={preview.en} />
          <Form method="post">
            <input type="hidden" name="intent" value="test" />
            <button type="submit" className="button button-secondary">
              {t("invitations.testSubmit")}
            </button>
          </Form>
          <h2>{t("invitations.confirmHeading")}</h2>
          <p>{t("invitations.confirmText", { count: formatNumber(locale, invitation.count) })}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="send" />
            <button type="submit" className="button button-primary">
              {t("invitations.confirmSubmit", { count: formatNumber(locale, invitation.count) })}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="discard" />
            <button type="submit" className="button button-tertiary">
              {t("invitations.discardSubmit")}
            </button>
          </Form>
        </>
      ) : null}

      {progress ? <SendProgress initial={progress} url={`${base}/progress`} /> : null}

      {invitation.sentAt ? (
        <div className="actions">
          {failed > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="resend" />
              <button type="submit" className="button button-secondary">
                {t("invitations.resendSubmit", { count: formatNumber(locale, failed) })}
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="remind" />
            <button type="submit" className="button button-secondary" aria-describedby="remind-hint">
              {t("invitations.remindSubmit")}
            </button>
            <span className="form-hint" id="remind-hint">
              {" "}
              {t("invitations.remindHint")}
            </span>
          </Form>
        </div>
      ) : null}

      {recipients && invitation.sentAt ? (
        <>
          <h2>{t("invitations.recipientsHeading")}</h2>
          <Form method="get" className="filter-form">
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
          <div className="table--responsive-scroll">
            <table className="table" data-testid="recipients">
              <caption>{t("invitations.recipientsCaption", { count: formatNumber(locale, recipients.total) })}</caption>
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
          {pages > 1 ? (
            <nav aria-label={t("invitations.recipientsHeading")}>
              <ul className="nobullet-list">
                {Array.from({ length: pages }, (_, i) => i + 1).map((p) => (
                  <li key={p}>
                    {p === page ? (
                      <span aria-current="page">{p}</span>
                    ) : (
                      <Link to={`?${new URLSearchParams({ ...(filter ? { state: filter } : {}), page: String(p) })}`}>{p}</Link>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}
