import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.appliedTitle");

export default function Applied() {
  const t = useT();
  return (
    <article className="page-content">
      <h1>{t("forum.appliedHeading")}</h1>
      <p className="font-lead">{t("forum.appliedText")}</p>
      <p>{t("forum.appliedKeep")}</p>
    </article>
  );
}
