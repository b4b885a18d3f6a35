import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound } from "~/lib/http.server";
import { formatDate, formatNumber, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { getEventForStaff } from "~/models/events.server";
import { listInvitations } from "~/models/invitation-progress.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.title");

/** The invitations of one event, newest first, and the way to write a new one. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  return { event: { id: event.id, title: event.title, status: event.status }, invitations: await listInvitations(event.id) };
}

export default function EventInvitations() {
  const t = useT();
  const locale = useLocale();
  const { event, invitations } = useLoaderData<typeof loader>();
  const base = `/staff/events/${event.id}/invitations`;
  return (
    <>
      <p>
        <Link to={`/staff/events/${event.id}`} className="back-link">
          {event.title}
        </Link>
      </p>
      <h1>{t("invitations.heading")}</h1>
      <Notice />
      <p>{t("invitations.forEvent", { title: event.title })}</p>
      <p>{t("invitations.lead")}</p>
      {event.status === "PUBLISHED" ? (
        <p>
          <Link to={`${base}/new`} className="button button-primary">
            {t("invitations.newLink")}
          </Link>
        </p>
      ) : null}
      {invitations.length === 0 ? (
        <p>{t("invitations.none")}</p>
      ) : (
        <div className="table--responsive-scroll">
          <table className="table">
            <caption>{t("invitations.listCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("invitations.colSubject")}</th>
                <th scope="col">{t("invitations.colCreated")}</th>
                <th scope="col">{t("invitations.colState")}</th>
                <th scope="col">{t("invitations.colRecipients")}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={`${base}/${i.id}`}>{i.subject}</Link>
                  </td>
                  <td>{formatDate(locale, i.createdAt, "datetime")}</td>
                  <td>{i.sentAt ? t("invitations.sent") : t("invitations.draft")}</td>
                  <td>{formatNumber(locale, i.recipients)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
