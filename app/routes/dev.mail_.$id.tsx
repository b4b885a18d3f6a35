import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { invariantResponse } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { getDevMail } from "~/models/dev-mailbox.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.message.subject ?? "");

/** One message of the development mailbox; 404 in production (app/models/dev-mailbox.server.ts). */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const message = await getDevMail(params.id ?? "");
  invariantResponse(message);
  return { message };
}

export default function DevMailMessage() {
  const t = useT();
  const locale = useLocale();
  const { message: m } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/dev/mail" className="back-link">
          {t("mail.dev.back")}
        </Link>
      </p>
      <h1>{t("mail.dev.messageTitle", { subject: m.subject })}</h1>
      <dl>
        <dt>{t("mail.dev.to")}</dt>
        <dd>{m.toName ? `${m.toName} <${m.toAddress}>` : m.toAddress}</dd>
        <dt>{t("mail.dev.kind")}</dt>
        <dd>
          <code>{m.kind}</code>
        </dd>
        <dt>{t("mail.dev.time")}</dt>
        <dd>{formatDate(locale, m.sentAt ?? m.createdAt, "datetime")}</dd>
        <dt>{t("mail.dev.status")}</dt>
        <dd>
          {t(`mail.dev.status.${m.status}`)} · {t("mail.dev.attempts", { attempts: m.attempts })}
          {m.lastError ? ` · ${t("mail.dev.lastError", { error: m.lastError })}` : null}
        </dd>
      </dl>

      <h2>{t("mail.dev.textPart")}</h2>
      <pre className="pre-wrap">{m.text}</pre>

      <h2>{t("mail.dev.htmlPart")}</h2>
      <p>{t("mail.dev.htmlNote")}</p>
      {/* sandbox="" gives the mail an opaque origin with no scripts, forms or navigation of this page */}
      <iframe width="100%" height="600" title={t("mail.dev.htmlFrame")} sandbox="" srcDoc={m.html} referrerPolicy="no-referrer" />
      <details>
        <summary>{t("mail.dev.htmlSource")}</summary>
        <pre className="pre-wrap">{m.html}</pre>
      </details>

      {m.icsContent ? (
        <>
          <h2>{t("mail.dev.calendarPart", { method: m.icsMethod ?? "", filename: m.icsFilename ?? "" })}</h2>
          <pre className="pre-wrap">{m.icsContent}</pre>
        </>
      ) : null}
    </>
  );
}
