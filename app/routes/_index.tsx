import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useRootData } from "~/root";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "home.title");

export default function Home() {
  const t = useT();
  const email = useRootData()?.unitEmail;
  return (
    <>
      <h1>{t("home.heading")}</h1>
      <p className="font-lead">{t("home.lead")}</p>
      <div className="row">
        <section className="col-12 col-md-4" aria-labelledby="home-events">
          <h2 id="home-events">{t("home.eventsHeading")}</h2>
          <p>{t("home.eventsText")}</p>
          <Link to="/events" className="button button-primary">
            {t("home.eventsLink")}
          </Link>
        </section>
        <section className="col-12 col-md-4" aria-labelledby="home-forum">
          <h2 id="home-forum">{t("home.forumHeading")}</h2>
          <p>{t("home.forumText")}</p>
          <Link to="/forum" className="button button-secondary">
            {t("home.forumLink")}
          </Link>
        </section>
        <section className="col-12 col-md-4" aria-labelledby="home-advice">
          <h2 id="home-advice">{t("home.adviceHeading")}</h2>
          <p>{t("home.adviceText")}</p>
          <p>
            <a href={`mailto:${email}`}>{email}</a>
          </p>
        </section>
      </div>
    </>
  );
}
