import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EventPage } from "~/components/event-page";
import { notFound } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { paths } from "~/lib/urls";
import { getPublicEvent } from "~/models/public-events.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [...textTitle(matches, data?.event.title ?? ""), { name: "robots", content: "noindex, nofollow" }];

const PRIVATE_HEADERS = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

/**
 * Outside the staff layout (staff_), so the page has the public page's width and frame.
 * A draft as the public will see it once published, for staff only: the public page's own component on the public
 * page's data (getPublicEvent lets staff see drafts), a banner above it, never cached, never indexed. A draft shows no
 * sign-up form (state "draft"), so nothing can be posted from here.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = requireStaff(context);
  const found = await getPublicEvent(params.eventId ?? "", { userId: user.id, role: user.role });
  if (!found || found.event.id !== params.eventId) notFound();
  const { calendar: _calendar, ...page } = found;
  return data({ ...page, member: null }, { headers: PRIVATE_HEADERS });
}

export default function EventPreview() {
  const t = useT();
  const { event } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="alert alert-info" role="region" aria-label={t("participants.previewBanner")}>
        <div className="alert-body">
          <p className="alert-text">{t("participants.previewBanner")}</p>
          <p className="alert-text">
            <Link to={paths.staffEvent(event.id)}>{t("participants.previewBack")}</Link>
          </p>
        </div>
      </div>
      <EventPage />
    </>
  );
}
