import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ConfirmActions, SessionList } from "~/components/events";
import { notFound } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { paths } from "~/lib/urls";
import { acceptOffer, declineOffer, getOffer } from "~/models/waitlist-offers.server";
import { offerDeadlineText } from "~/models/waitlist-deadline.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "events.offerTitle"), { name: "robots", content: "noindex" }];

/** A waitlist offer: accept or decline. A GET only shows the choice (mail scanners follow links); the POST decides. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const offer = await getOffer(params.token ?? "");
  // an unknown link is not found; a known one that was answered or ran out says so below
  if (!offer) throw notFound();
  // the deadline in words, as the offer mail says it ("onsdag den 16. december 2026 kl. 08.30")
  return { offer, deadline: offerDeadlineText(context.locale, offer.expiresAt) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const intent = (await request.formData()).get("intent");
  if (intent === "accept") {
    const result = await acceptOffer(token);
    // the confirmation page says "Du er tilmeldt" in its heading, where the reader starts
    if (result.ok) return redirect(`${paths.registration(result.token)}#registration-status`, 303);
    return { outcome: "gone" as const };
  }
  if (intent !== "decline") return { outcome: null };
  const declined = await declineOffer(token);
  return { outcome: declined ? ("declined" as const) : ("gone" as const) };
}

/**
 * The offer of a freed place: what, when, the deadline in words, and two answers. Saying no takes the person off the
 * waitlist for good, so it asks once more on a step of its own (?step=decline, a plain GET: it works without
 * JavaScript), as cancelling a registration does. The heading says what happened and takes the focus.
 */
export default function OfferPage() {
  const t = useT();
  const { offer, deadline } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const headingRef = useRef<HTMLHeadingElement>(null);
  const open = offer.status === "OPEN" && result?.outcome !== "gone";
  const view = result?.outcome === "declined" ? "declined" : !open ? "gone" : params.get("step") === "decline" ? "confirm" : "offer";
  useEffect(() => {
    if (view !== "offer") headingRef.current?.focus();
  }, [view]);

  const heading =
    view === "declined"
      ? t("events.offerDeclinedHeading")
      : view === "gone"
        ? t("events.offerGoneHeading")
        : view === "confirm"
          ? t("events.regConfirmHeading")
          : t("events.offerHeading");

  return (
    <div className="row">
      <div className="col-12 col-lg-8">
        <h1 ref={headingRef} tabIndex={-1} className="focus-target" id="offer-status">
          {heading}
        </h1>
        {view === "declined" ? (
          <p className="font-lead" role="status">
            {t("events.offerDeclined")}
          </p>
        ) : view === "gone" ? (
          <p className="font-lead">{t("events.offerGone")}</p>
        ) : view === "confirm" ? (
          <>
            <p className="font-lead">{t("events.offerDeclineAskText", { title: offer.event.title })}</p>
            <ConfirmActions intent="decline" yes={t("events.offerDeclineYes")} no={t("events.offerDeclineNo")} busy={busy} />
          </>
        ) : (
          <>
            <p className="font-lead">
              {t("events.offerText", { name: offer.name, count: offer.groupSize, title: offer.event.title, expires: deadline })}
            </p>
            <SessionList sessions={offer.event.sessions} />
            <div className="actions confirm-actions">
              <Form method="post">
                <input type="hidden" name="intent" value="accept" />
                <button type="submit" className="button button-primary" disabled={busy}>
                  {t("events.offerAccept")}
                </button>
              </Form>
              {/* a GET to the confirm step: nothing is declined until "Ja, giv pladsen videre" there */}
              <Form method="get">
                <input type="hidden" name="step" value="decline" />
                <button type="submit" className="button button-secondary">
                  {t("events.offerDecline")}
                </button>
              </Form>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
