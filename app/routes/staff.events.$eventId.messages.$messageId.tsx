import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Notice } from "~/components/notice";
import { SendProgress } from "~/components/send-progress";
import { notFound } from "~/lib/http.server";
import { formatDate, formatNumber, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { getParticipantMessage, participantMessageProgress, participantMessageRecipients } from "~/models/participant-messages.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.message.subject ?? "");

/** One message: its progress (sent / failed / waiting) and each recipient's mail state. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const message = await getParticipantMessage({ eventId: params.eventId ?? "", messageId: params.messageId ?? "" });
  if (!message) notFound();
  return {
    message: { id: message.id, eventId: message.eventId, subject: message.subject, audience: message.audience, createdAt: message.createdAt, messageDa: message.messageDa },
    progress: (await participantMessageProgress(message.id))!,
    recipients: await participantMessageRecipients(message.id),
  };
}

export default function ParticipantMessage() {
  const t = useT();
  const locale = useLocale();
  const { message, progress, recipients } = useLoaderData<typeof loader>();
  const n = (v: number) => formatNumber(locale, v);
  const base = `/staff/events/${message.eventId}/messages`;
  return (
    <>
      <p>
        <Link to={base}>{t("participants.backToMessages")}</Link>
      </p>
      <h1>{t("participants.messageHeading", { subject: message.subject })}</h1>
      <Notice />
      <p>
        {formatDate(locale, message.createdAt, "datetime")} · {t(`participants.audience.${message.audience as "REGISTERED"}`, { count: n(progress.total) })}
      </p>
      <p className="pre-wrap">{message.messageDa}</p>
      <SendProgress
        initial={progress}
        url={`${base}/${message.id}/progress`}
        labels={{
          heading: t("participants.progressHeading"),
          bar: t("participants.progressLabel"),
          text: (c) => t("participants.progressText", c),
          done: t("participants.progressDone"),
          leave: t("participants.progressLeave"),
          reload: t("participants.progressReload"),
        }}
      />
      <h2>{t("participants.recipients")}</h2>
      <table className="table table--compact participant-table">
        <thead>
          <tr>
            <th scope="col">{t("participants.colRecipient")}</th>
            <th scope="col">{t("events.csvEmail")}</th>
            <th scope="col">{t("participants.colMailState")}</th>
          </tr>
        </thead>
        <tbody>
          {recipients.map((r) => (
            <tr key={r.id}>
              <td>{r.name}</td>
              <td className="participant-contact">{r.email}</td>
              <td>{t(`participants.mailState.${r.state}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
