import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { isProduction } from "~/lib/env.server";
import { requireStaff } from "~/lib/session.server";
import { useT } from "~/lib/i18n";
import { ErrorPage } from "~/components/error-page";
import { SideNav } from "~/components/side-nav";
import { isAdminRole } from "~/lib/roles";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  // the development mailbox (/dev/mail) exists outside production only, e.g. in the demo
  return { isAdmin: isAdminRole(user.role), devMailbox: !isProduction() };
}

export default function StaffLayout() {
  return (
    <StaffFrame menu={useLoaderData<typeof loader>()}>
      <Outlet />
    </StaffFrame>
  );
}

/**
 * An error in a staff page (an unknown event, a page that does not exist: staff.$.tsx) shows the error page inside
 * the staff frame, menu kept. When the frame itself could not load (not staff), the root's page answers.
 */
export function ErrorBoundary() {
  const error = useRouteError();
  const menu = useRouteLoaderData<typeof loader>("routes/staff");
  if (!menu) throw error;
  return (
    <StaffFrame menu={menu}>
      <ErrorPage error={error} />
    </StaffFrame>
  );
}

function StaffFrame({ menu: { isAdmin, devMailbox }, children }: { menu: { isAdmin: boolean; devMailbox: boolean }; children: ReactNode }) {
  const t = useT();
  const links = [
    { to: "/staff", label: t("staff.navHome"), end: true },
    { to: "/staff/forum", label: t("forum.staffNav") },
    { to: "/staff/events", label: t("events.staffNav") },
    { to: "/staff/people", label: t("privacy.staffNav") },
    { to: "/staff/status", label: t("status.staffNav") },
    ...(isAdmin
      ? [
          { to: "/staff/charter", label: t("forum.staffCharterNav") },
          { to: "/staff/tracks", label: t("status.tracksNav") },
          { to: "/staff/users", label: t("staff.navUsers") },
          { to: "/staff/audit", label: t("staff.navAudit") },
        ]
      : []),
    ...(devMailbox ? [{ to: "/dev/mail", label: t("mail.dev.title") }] : []),
  ];
  return (
    <div className="row">
      <SideNav label={t("staff.navLabel")} links={links} />
      <div className="col-12 col-lg-9">{children}</div>
    </div>
  );
}
