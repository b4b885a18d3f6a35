import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useRootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.title");

export default function Privacy() {
  const t = useT();
  const email = useRootData()?.unitEmail ?? "";
  return (
    <article className="page-content">
      <h1>{t("privacy.heading")}</h1>
      <p>{t("privacy.body1")}</p>
      <p>{t("privacy.body2")}</p>
      <p>{t("privacy.body3")}</p>
      <p>{t("privacy.body4")}</p>
      <p>{t("privacy.body5", { email })}</p>
    </article>
  );
}
