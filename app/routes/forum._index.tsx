import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CharterText } from "~/components/forum";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { currentCharterFor } from "~/models/charter.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.title");

export async function loader({ context }: LoaderFunctionArgs) {
  return { charter: await currentCharterFor(context.locale) };
}

export default function Forum() {
  const t = useT();
  const locale = useLocale();
  const { charter } = useLoaderData<typeof loader>();
  return (
    <article className="page-content">
      <h1>{t("forum.heading")}</h1>
      <p className="font-lead">{t("forum.lead")}</p>
      <h2>{t("forum.whoHeading")}</h2>
      <p>{t("forum.whoText")}</p>
      <h2>{t("forum.benefitsHeading")}</h2>
      <ul>
        <li>{t("forum.benefit1")}</li>
        <li>{t("forum.benefit2")}</li>
        <li>{t("forum.benefit3")}</li>
      </ul>
      <h2>{t("forum.applyHeading")}</h2>
      <p>{t("forum.applyText")}</p>
      <p>
        <Link to="/forum/apply" className="button button-primary">
          {t("forum.applyLink")}
        </Link>
      </p>
      <p>
        <Link to="/forum/members">{t("forum.membersLink")}</Link>
      </p>
      <section aria-labelledby="charter-heading">
        <h2 id="charter-heading">{t("forum.charterHeading")}</h2>
        <p>{t("forum.charterIntro")}</p>
        {charter ? (
          <>
            <p className="form-hint">{t("forum.charterVersionLine", { number: charter.number, date: formatDate(locale, charter.publishedAt) })}</p>
            <p>
              <Link to="/forum/charter">{t("forum.charterPrintable")}</Link>
            </p>
            <CharterText title={charter.title} text={charter.text} headingLevel={2} />
          </>
        ) : (
          <p>{t("forum.noCharter")}</p>
        )}
      </section>
    </article>
  );
}
