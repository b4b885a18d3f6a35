import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useRootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "accessibility.title");

export default function Accessibility() {
  const t = useT();
  const email = useRootData()?.unitEmail ?? "";
  return (
    <article className="page-content">
      <h1>{t("accessibility.heading")}</h1>
      <p>{t("accessibility.body1")}</p>
      <p>{t("accessibility.body2")}</p>
      <p>{t("accessibility.body3", { email })}</p>
    </article>
  );
}
