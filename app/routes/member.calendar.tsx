import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import { getFeedInfo, renewFeedToken } from "~/models/feeds.server";
import { urls } from "~/lib/urls.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "invitations.feedTitle");

/** The member's secret calendar feed: made or renewed here (renewing revokes the old URL), shown once. */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const info = await getFeedInfo(user.id);
  return { createdAt: info?.createdAt ?? null };
}

export async function action({ context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const token = await renewFeedToken(user.id);
  const url = urls.memberFeed(token);
  return { url, webcal: url.replace(/^https?:/, "webcal:") };
}

export default function MemberCalendar() {
  const t = useT();
  const locale = useLocale();
  const { createdAt } = useLoaderData<typeof loader>();
  const made = useActionData<typeof action>();
  return (
    <>
      <h1>{t("invitations.feedHeading")}</h1>
      <p>{t("invitations.feedLead")}</p>
      <Notice text={made ? t("invitations.feedUrlShown") : null} />
      {made ? (
        <div className="form-group">
          <label className="form-label" htmlFor="feed-url">
            {t("invitations.feedUrlLabel")}
          </label>
          <input className="form-input" id="feed-url" type="text" readOnly value={made.url} />
          <p>
            <a href={made.webcal}>{t("invitations.feedWebcal")}</a>
          </p>
        </div>
      ) : createdAt ? (
        <p>{t("invitations.feedExists", { date: formatDate(locale, createdAt, "datetime") })}</p>
      ) : (
        <p>{t("invitations.feedNone")}</p>
      )}
      <Form method="post">
        <button type="submit" className={createdAt || made ? "button button-secondary" : "button button-primary"}>
          {createdAt || made ? t("invitations.feedRenew") : t("invitations.feedCreate")}
        </button>
      </Form>
    </>
  );
}
