import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { districtNames } from "~/components/forum";
import { invariantResponse } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import { listUpcomingMemberEvents } from "~/models/public-events.server";
import { getMemberOverview } from "~/models/forum-members.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.memberTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const overview = await getMemberOverview(user.id);
  invariantResponse(overview, "Forbidden", { status: 403 });
  const o = overview.organisation;
  return {
    organisation: { name: o.name, cvr: o.cvr, street: o.street, postcode: o.postcode, city: o.city, website: o.website, districts: o.districts, description: o.description, publicListing: o.publicListing },
    contacts: o.contacts.map((c) => ({ id: c.id, name: c.user.name, title: c.title })),
    signed: overview.charter.signed,
    events: await listUpcomingMemberEvents(o.id),
  };
}

/** The member's home: the organisation's profile, its contacts, the charter it signed and its upcoming forum events. */
export default function MemberHome() {
  const t = useT();
  const locale = useLocale();
  const { organisation: o, contacts, signed, events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{o.name}</h1>
      <Notice />
      <section aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t("forum.profileHeading")}</h2>
        <dl>
          <dt>{t("forum.street")}</dt>
          <dd>
            {o.street}, {o.postcode} {o.city}
          </dd>
          {o.cvr ? (
            <>
              <dt>{t("forum.cvr")}</dt>
              <dd>{o.cvr}</dd>
            </>
          ) : null}
          {o.website ? (
            <>
              <dt>{t("forum.website")}</dt>
              <dd>{o.website}</dd>
            </>
          ) : null}
          <dt>{t("forum.districts")}</dt>
          <dd>{districtNames(t, o.districts)}</dd>
          <dt>{t("forum.description")}</dt>
          <dd className="pre-wrap">{o.description}</dd>
        </dl>
        <p>{o.publicListing ? t("forum.publicListingYes") : t("forum.publicListingNo")}</p>
        <p>
          <Link to="/member/profile">{t("forum.profileEdit")}</Link>
        </p>
      </section>
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t("forum.contactsHeading")}</h2>
        <ul>
          {contacts.map((c) => (
            <li key={c.id}>
              {c.name}, {c.title}
            </li>
          ))}
        </ul>
        <p>
          <Link to="/member/contacts">{t("forum.contactsManage")}</Link>
        </p>
      </section>
      <section aria-labelledby="charter-heading">
        <h2 id="charter-heading">{t("forum.signedHeading")}</h2>
        <p>{signed ? t("forum.signedText", { number: signed.number, date: formatDate(locale, signed.signedAt), signer: signed.signerName }) : t("forum.signedNone")}</p>
      </section>
      <section aria-labelledby="events-heading">
        <h2 id="events-heading">{t("forum.eventsHeading")}</h2>
        {events.length === 0 ? (
          <p>{t("forum.eventsNone")}</p>
        ) : (
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <Link to={e.path}>{e.title}</Link> — {formatDate(locale, e.startsAt, "datetime")}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
