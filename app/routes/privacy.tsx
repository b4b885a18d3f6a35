import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT, type Translate } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { keptOnErasure, retentionTable } from "~/models/retention.server";
import { useRootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.title");

/** The retention table is made from the rules the deletion job runs (app/models/retention.server.ts), not written by hand. */
export function loader() {
  return { rules: retentionTable(), kept: keptOnErasure };
}

type Row = ReturnType<typeof retentionTable>[number];

function periodText(t: Translate, row: Row) {
  const from = t(row.from, row.fromVars);
  if (row.period.count === 0) return t("privacy.atOnce", { from });
  return t("privacy.periodAfter", { period: t(`privacy.period.${row.period.unit}`, { count: row.period.count }), from });
}

export default function Privacy() {
  const t = useT();
  const email = useRootData()?.unitEmail ?? "";
  const { rules, kept } = useLoaderData<typeof loader>();
  return (
    <article className="page-content">
      <h1>{t("privacy.heading")}</h1>
      <p>{t("privacy.body1")}</p>
      <p>{t("privacy.body2")}</p>
      <p>{t("privacy.body4")}</p>

      <section aria-labelledby="see-data-heading">
        <h2 id="see-data-heading">{t("privacy.seeDataHeading")}</h2>
        <p>{t("privacy.seeDataText")}</p>
        <p>
          <Link to="/privacy/my-data" className="button button-primary">
            {t("privacy.seeDataLink")}
          </Link>
        </p>
        <p>{t("privacy.body5", { email })}</p>
      </section>

      <section aria-labelledby="retention-heading">
        <h2 id="retention-heading">{t("privacy.retentionHeading")}</h2>
        <p>{t("privacy.retentionIntro")}</p>
        <table className="table table--compact table--responsive-headers" id="retention">
            <thead>
              <tr>
                <th scope="col">{t("privacy.colWhat")}</th>
                <th scope="col">{t("privacy.colPeriod")}</th>
                <th scope="col">{t("privacy.colWhy")}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((row) => (
                <tr key={row.id} data-rule={row.id}>
                  <th scope="row">{t(row.what)}</th>
                  <td data-title={t("privacy.colPeriod")}>{periodText(t, row)}</td>
                  <td data-title={t("privacy.colWhy")}>{t(row.reason)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        <h3>{t("privacy.keptHeading")}</h3>
        <ul>
          {kept.map((k) => (
            <li key={k.table}>
              <strong>{t(k.what)}.</strong> {t(k.reason)}
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
