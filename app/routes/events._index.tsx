import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AvailabilityTag, audienceOptions, kindOptions, SessionList } from "~/components/events";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listPublicEvents, PUBLIC_PAGE_SIZE } from "~/models/public-events.server";
import { paths } from "~/lib/urls";
import { siteHost } from "~/lib/urls.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data?.courses ? "events.coursesTitle" : "events.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const courses = params.get("view") === "courses";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const filter = { kind: params.get("kind") ?? "", audience: params.get("audience") ?? "", month: params.get("month") ?? "", courses };
  const found = await listPublicEvents({ ...filter, page });
  const next = new URLSearchParams(params);
  next.set("page", String(page + 1));
  return {
    events: found.slice(0, PUBLIC_PAGE_SIZE),
    nextPage: found.length > PUBLIC_PAGE_SIZE ? `/events?${next.toString()}` : null,
    filter,
    courses,
    webcal: `webcal://${siteHost()}${paths.publicFeed()}`,
  };
}

/** Upcoming public events, soonest first; filters are a plain GET form, so they work without JavaScript. */
export default function Events() {
  const t = useT();
  const locale = useLocale();
  const { events, nextPage, filter, courses, webcal } = useLoaderData<typeof loader>();
  const months = nextMonths(12);
  return (
    <>
      <h1>{t(courses ? "events.coursesHeading" : "events.heading")}</h1>
      <p className="font-lead">{t(courses ? "events.coursesLead" : "events.lead")}</p>
      <nav aria-label={t("events.viewsLabel")}>
        <ul className="nobullet-list inline-list">
          <li>
            <Link to="/events" aria-current={!courses ? "page" : undefined} className={`button ${!courses ? "button-primary" : "button-secondary"}`}>
              {t("events.viewAll")}
            </Link>
          </li>
          <li>
            <Link to="/events?view=courses" aria-current={courses ? "page" : undefined} className={`button ${courses ? "button-primary" : "button-secondary"}`}>
              {t("events.viewCourses")}
            </Link>
          </li>
        </ul>
      </nav>
      <Form method="get" className="event-filters" aria-labelledby="filter-heading">
        <h2 id="filter-heading" className="h3">
          {t("events.filterHeading")}
        </h2>
        {courses ? <input type="hidden" name="view" value="courses" /> : null}
        <div className="filter-fields">
          {!courses ? (
            <div className="form-group">
              <label className="form-label" htmlFor="filter-kind">
                {t("events.filterKind")}
              </label>
              <select className="form-select" id="filter-kind" name="kind" defaultValue={filter.kind}>
                <option value="">{t("events.filterAll")}</option>
                {kindOptions(t).map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="form-group">
            <label className="form-label" htmlFor="filter-audience">
              {t("events.filterAudience")}
            </label>
            <select className="form-select" id="filter-audience" name="audience" defaultValue={filter.audience}>
              <option value="">{t("events.filterAll")}</option>
              {audienceOptions(t).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="form-group">
            <label className="form-label" htmlFor="filter-month">
              {t("events.filterMonth")}
            </label>
            <select className="form-select" id="filter-month" name="month" defaultValue={filter.month}>
              <option value="">{t("events.filterAll")}</option>
              {months.map((m) => (
                <option key={m} value={m}>
                  {formatDate(locale, `${m}-15T12:00:00Z`, "month")}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("events.filterSubmit")}
          </button>
          <Link to={courses ? "/events?view=courses" : "/events"}>{t("events.filterReset")}</Link>
        </div>
      </Form>

      <h2 className="sr-only">{t("events.count", { count: events.length })}</h2>
      {events.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        <ul className="nobullet-list event-list">
          {events.map((e) => (
            <li key={e.id} className="event-card">
              <h3 className="h4">
                <Link to={e.path}>{e.title}</Link>
              </h3>
              <p className="event-meta">
                <span>{t(`events.kind.${e.kind}`)}</span>
                {" · "}
                <time dateTime={e.firstStartsAt ? new Date(e.firstStartsAt).toISOString() : undefined}>
                  {e.firstStartsAt ? formatDate(locale, e.firstStartsAt, "weekday") : ""}
                </time>
                {e.sessionCount > 1 ? ` · ${t("events.sessionsCount", { count: e.sessionCount })}` : ""}
              </p>
              {e.sessionCount === 1 && e.firstStartsAt && e.lastEndsAt ? <SessionList sessions={[{ startsAt: e.firstStartsAt, endsAt: e.lastEndsAt }]} /> : null}
              <p className="event-meta">
                {t("events.where")}: {[e.placeRoom, e.placeAddress].filter(Boolean).join(", ") || (e.online ? t("events.onlineShort") : "")}
              </p>
              <p>{e.summary}</p>
              <AvailabilityTag availability={e.availability} placesLeft={e.placesLeft} />
            </li>
          ))}
        </ul>
      )}
      {nextPage ? (
        <p>
          <Link to={nextPage} className="button button-secondary">
            {t("events.nextPage")}
          </Link>
        </p>
      ) : null}

      <section aria-labelledby="feed-heading" className="mt-7">
        <h2 id="feed-heading" className="h3">
          {t("events.feedHeading")}
        </h2>
        <p>{t("events.feedText")}</p>
        <ul className="nobullet-list">
          <li>
            <a href={webcal}>{t("events.feedLink")}</a>
          </li>
          <li>
            <a href={paths.publicFeed()} download>
              {t("events.feedDownload")}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

function nextMonths(count: number): string[] {
  const now = new Date();
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  });
}
