import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CharterText } from "~/components/forum";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { currentCharterFor } from "~/models/charter.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.charterTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  return { charter: await currentCharterFor(context.locale) };
}

/** The current charter on a page of its own, for reading and printing. */
export default function Charter() {
  const t = useT();
  const locale = useLocale();
  const { charter } = useLoaderData<typeof loader>();
  if (!charter) {
    return (
      <article className="page-content">
        <h1>{t("forum.charterTitle")}</h1>
        <p>{t("forum.noCharter")}</p>
      </article>
    );
  }
  return (
    <article className="page-content">
      <CharterText title={charter.title} text={charter.text} headingLevel={1} />
      <p className="form-hint">{t("forum.charterVersionLine", { number: charter.number, date: formatDate(locale, charter.publishedAt) })}</p>
      <p className="no-print">{t("forum.printHint")}</p>
    </article>
  );
}
