import type { MetaFunction } from "@remix-run/node";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useRootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "contact.title");

export default function Contact() {
  const t = useT();
  const email = useRootData()?.unitEmail ?? "";
  return (
    <article className="page-content">
      <h1>{t("contact.heading")}</h1>
      <p>{t("contact.body", { email })}</p>
      <p>
        <a href={`mailto:${email}`}>{email}</a>
      </p>
    </article>
  );
}
