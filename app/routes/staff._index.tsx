import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StaffEventTable } from "~/components/events";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { resendFailedMessages, staffOverview, type MailingCount } from "~/models/overview.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.homeTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  return { name: user.name, ...(await staffOverview()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const intent = String((await request.formData()).get("intent") ?? "");
  if (intent !== "resend-failed") return redirect("/staff");
  const count = await resendFailedMessages(user.id);
  return redirectWithNotice("/staff", "staff.resentMessages", { count });
}

const invitationPath = (m: MailingCount) => `/staff/events/${m.eventId}/invitations/${m.invitationId}`;

/** What needs a person now: applications, failed and waiting mailings, and the next events with their fill. */
export default function StaffHome() {
  const t = useT();
  const { name, applications, failedMessages, failedMailings, waitingMailings, upcoming } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.homeHeading")}</h1>
      <p className="font-lead">{t("staff.welcome", { name })}</p>
      <Notice />

      <h2>{t("staff.attentionHeading")}</h2>
      <ul>
        <li>
          {applications > 0 ? (
            <Link to="/staff/forum?state=PENDING">{t("staff.applicationsWaiting", { count: applications })}</Link>
          ) : (
            t("staff.applicationsNone")
          )}
        </li>
        {failedMessages.count > 0 && (
          <li>
            {t("staff.failedMessages", { count: failedMessages.count })}
            {failedMessages.lastError && <span className="form-hint"> {t("staff.lastError", { error: failedMessages.lastError })}</span>}
            <Form method="post">
              <input type="hidden" name="intent" value="resend-failed" />
              <button type="submit" className="button button-secondary">
                {t("staff.resendFailedMessages")}
              </button>
            </Form>
          </li>
        )}
        {failedMailings.length === 0 ? (
          <li>{t("staff.failedNone")}</li>
        ) : (
          failedMailings.map((m) => (
            <li key={m.invitationId}>
              <Link to={invitationPath(m)}>{t("staff.failedMailing", { count: m.count, subject: m.subject, event: m.eventTitle })}</Link>
            </li>
          ))
        )}
      </ul>

      {waitingMailings.length > 0 && (
        <>
          <h2>{t("staff.waitingHeading")}</h2>
          <ul>
            {waitingMailings.map((m) => (
              <li key={m.invitationId}>
                <Link to={invitationPath(m)}>{t("staff.waitingMailing", { count: m.count, subject: m.subject, event: m.eventTitle })}</Link>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>{t("staff.upcomingHeading")}</h2>
      {upcoming.length === 0 ? (
        <p>{t("staff.upcomingNone")}</p>
      ) : (
        <StaffEventTable events={upcoming} caption={t("staff.upcomingHeading")} />
      )}
      <p>
        <Link to="/staff/events">{t("staff.allEvents")}</Link>
      </p>
    </>
  );
}
