import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { PageTitle } from "~/components/page-title";
import { invariantResponse } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { requireUser } from "~/lib/session.server";
import { charterStatus } from "~/models/charter.server";
import { getActiveMembership } from "~/models/membership.server";
import { SideNav } from "~/components/side-nav";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const membership = await getActiveMembership(user.id);
  invariantResponse(membership, "Forbidden", { status: 403 });
  const charter = await charterStatus(membership.organisationId);
  return {
    organisationName: membership.organisationName,
    banner: charter.mustSign && charter.current ? { number: charter.current.number, deadline: charter.current.deadline } : null,
  };
}

/** The member area's frame: its menu, and the banner while a new charter version waits for the organisation's signature. */
export default function MemberLayout() {
  return (
    <MemberFrame banner={useLoaderData<typeof loader>().banner}>
      <Outlet />
    </MemberFrame>
  );
}

function MemberFrame({ banner, children }: { banner: { number: number; deadline: Date | string | null } | null; children: ReactNode }) {
  const t = useT();
  const locale = useLocale();
  const links = [
    { to: "/member", label: t("forum.memberNavHome"), end: true },
    { to: "/member/profile", label: t("forum.memberNavProfile") },
    { to: "/member/contacts", label: t("forum.memberNavContacts") },
    { to: "/member/charter", label: t("forum.memberNavCharter") },
    { to: "/member/calendar", label: t("invitations.feedTitle") },
  ];
  return (
    <div className="row">
      <SideNav label={t("forum.memberNav")} links={links} />
      <div className="col-12 col-lg-9">
        {banner ? (
          <div className="alert alert-warning" role="region" aria-labelledby="charter-banner-heading">
            <div className="alert-body">
              <h2 className="alert-heading" id="charter-banner-heading">
                {t("forum.bannerHeading")}
              </h2>
              <p className="alert-text">
                {t("forum.bannerText", { number: banner.number, deadline: banner.deadline ? formatDate(locale, banner.deadline) : "—" })}
              </p>
              <p className="alert-text">
                <Link to="/member/charter">{t("forum.bannerLink", { number: banner.number })}</Link>
              </p>
            </div>
          </div>
        ) : null}
        {children}
      </div>
    </div>
  );
}

/**
 * A signed-in contact whose organisation is not (or no longer) an active member lands here after signing in: instead
 * of a bare "no access", the way to their own case (resubmit, re-sign). An error in a member page (a page that does
 * not exist: member.$.tsx) shows the error page inside the member frame, menu kept.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const frame = useRouteLoaderData<typeof loader>("routes/member");
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <>
        <PageTitle title={t("forum.memberNoAccessTitle")} />
        <h1>{t("forum.memberNoAccessTitle")}</h1>
        <p>{t("forum.memberNoAccessText")}</p>
        <p>
          <Link to="/forum/application">{t("forum.memberNoAccessLink")}</Link>
        </p>
      </>
    );
  }
  if (!frame) throw error;
  return (
    <MemberFrame banner={frame.banner}>
      <ErrorPage error={error} />
    </MemberFrame>
  );
}
