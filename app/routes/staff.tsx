import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { isProduction } from "~/lib/env.server";
import { requireStaff } from "~/lib/session.server";
import { useT } from "~/lib/i18n";
import { SideNav } from "~/components/side-nav";

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  // the development mailbox (/dev/mail) exists outside production only, e.g. in the demo
  return { isAdmin: user.role === "ADMIN", devMailbox: !isProduction() };
}

export default function StaffLayout() {
  const t = useT();
  const { isAdmin, devMailbox } = useLoaderData<typeof loader>();
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
      <div className="col-12 col-lg-9">
        <Outlet />
      </div>
    </div>
  );
}
