import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/lib/session.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.homeTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  return { name: user.name };
}

export default function StaffHome() {
  const t = useT();
  const { name } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("staff.homeHeading")}</h1>
      <p className="font-lead">{t("staff.welcome", { name })}</p>
    </>
  );
}
