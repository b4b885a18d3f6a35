import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { mailDestination } from "~/lib/mail-worker.server";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { listDevMail } from "~/models/dev-mailbox.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.dev.title");

/** Development and the demo only: answers 404 in production (app/models/dev-mailbox.server.ts). */
export async function loader({ context }: LoaderFunctionArgs) {
  requireStaff(context);
  return { messages: await listDevMail(), viaSmtp: mailDestination() !== null };
}

export default function DevMailbox() {
  const t = useT();
  const locale = useLocale();
  const { messages, viaSmtp } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("mail.dev.title")}</h1>
      <p>{viaSmtp ? t("mail.dev.introSmtp") : t("mail.dev.intro")}</p>
      {messages.length === 0 ? (
        <p>{t("mail.dev.empty")}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t("mail.dev.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("mail.dev.time")}</th>
                <th scope="col">{t("mail.dev.to")}</th>
                <th scope="col">{t("mail.dev.subject")}</th>
                <th scope="col">{t("mail.dev.kind")}</th>
                <th scope="col">{t("mail.dev.status")}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>{formatDate(locale, m.sentAt ?? m.createdAt, "datetime")}</td>
                  <td>{m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}</td>
                  <td>
                    <Link to={`/dev/mail/${m.id}`} aria-label={t("mail.dev.open", { to: m.toAddress, subject: m.subject })}>
                      {m.subject}
                    </Link>
                  </td>
                  <td>
                    <code>{m.kind}</code>
                  </td>
                  <td>{t(`mail.dev.status.${m.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
