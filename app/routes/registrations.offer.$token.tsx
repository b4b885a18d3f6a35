import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { SessionList } from "~/components/events";
import { notFound } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { acceptOffer, declineOffer, getOffer } from "~/models/registrations.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "events.offerTitle"), { name: "robots", content: "noindex" }];

/** A waitlist offer: accept or decline. A GET only shows the choice (mail scanners follow links); the POST decides. */
export async function loader({ params }: LoaderFunctionArgs) {
  const offer = await getOffer(params.token ?? "");
  // an unknown link is not found; a known one that was answered or ran out says so below
  if (!offer) throw notFound();
  return { offer };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const intent = (await request.formData()).get("intent");
  if (intent === "accept") {
    const result = await acceptOffer(token);
    if (result.ok) return redirect(`/registrations/${encodeURIComponent(result.token)}`);
    return { outcome: "gone" as const };
  }
  const declined = await declineOffer(token);
  return { outcome: declined ? ("declined" as const) : ("gone" as const) };
}

export default function OfferPage() {
  const t = useT();
  const locale = useLocale();
  const { offer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.outcome === "declined") {
    return (
      <>
        <h1>{t("events.offerTitle")}</h1>
        <p role="status">{t("events.offerDeclined")}</p>
      </>
    );
  }
  if (offer.status !== "OPEN" || result?.outcome === "gone") {
    return (
      <>
        <h1>{t("events.offerTitle")}</h1>
        <p>{t("events.offerGone")}</p>
      </>
    );
  }
  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1>{t("events.offerHeading")}</h1>
        <p>
          {t("events.offerText", {
            name: offer.name,
            count: offer.groupSize,
            title: offer.event.title,
            expires: formatDate(locale, offer.expiresAt, "datetime"),
          })}
        </p>
        <SessionList sessions={offer.event.sessions} />
        <div className="actions">
          <Form method="post">
            <input type="hidden" name="intent" value="accept" />
            <button type="submit" className="button button-primary">
              {t("events.offerAccept")}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="decline" />
            <button type="submit" className="button button-secondary">
              {t("events.offerDecline")}
            </button>
          </Form>
        </div>
      </div>
    </div>
  );
}
