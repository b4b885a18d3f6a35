import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusReportView } from "~/components/status-report";
import { env } from "~/lib/env.server";
import { notFound } from "~/lib/http.server";
import { formatDate, translate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { statusReport, yearFromUrl } from "~/models/status.server";
import statusCss from "~/styles/status.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: statusCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.title ?? "");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const year = yearFromUrl(request.url);
  if (year === null) notFound();
  const now = new Date();
  return { year, report: await statusReport(year, now), made: now.toISOString(), unit: env().UNIT_NAME, title: translate(context.locale, "status.paperTitle", { year }) };
}

/** The status as a committee paper: print it, or save it as PDF from the browser's print dialogue. */
export default function StatusPaper() {
  const t = useT();
  const locale = useLocale();
  const { year, report, made, unit } = useLoaderData<typeof loader>();
  return (
    <article className="status-paper">
      <p className="no-print">
        <Link className="function-link" to={`/staff/status?year=${year}`}>
          {t("status.backToStatus")}
        </Link>
      </p>
      <p className="no-print">{t("status.printHint")}</p>
      <p className="status-paper-meta">{unit}</p>
      <h1>{t("status.paperTitle", { year })}</h1>
      <p className="font-lead">{t("status.paperLead", { unit, year, previous: year - 1, date: formatDate(locale, made, "date") })}</p>
      <StatusReportView report={report} />
    </article>
  );
}
