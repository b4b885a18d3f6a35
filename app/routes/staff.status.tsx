import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { StatusReportView } from "~/components/status-report";
import { notFound } from "~/lib/http.server";
import { translate, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { statusReport, statusYears, yearFromUrl } from "~/models/status.server";
import statusCss from "~/styles/status.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: statusCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.title ?? "");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const year = yearFromUrl(request.url);
  if (year === null) notFound();
  const [report, years] = await Promise.all([statusReport(year), statusYears()]);
  return { year, years, report, title: translate(context.locale, "status.title", { year }) };
}

/** The yearly status of the action plan for staff: figures per track beside the year before, charts, and exports. */
export default function StaffStatus() {
  const t = useT();
  const { year, years, report } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("status.title", { year })}</h1>
      <p className="font-lead">{t("status.lead")}</p>
      <Form method="get" className="status-year-form no-print">
        <div className="form-group">
          <label className="form-label" htmlFor="status-year">
            {t("status.yearLabel")}
          </label>
          <select className="form-select" id="status-year" name="year" defaultValue={String(year)}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-secondary">
          {t("status.showYear")}
        </button>
      </Form>
      <ul className="status-links nobullet-list no-print">
        <li>
          <a className="function-link" href={`/staff/status.xlsx?year=${year}`} download>
            {t("status.downloadXlsx")}
          </a>
        </li>
        <li>
          <Link className="function-link" to={`/staff/status/print?year=${year}`}>
            {t("status.printView")}
          </Link>
        </li>
      </ul>
      <StatusReportView report={report} />
    </>
  );
}
