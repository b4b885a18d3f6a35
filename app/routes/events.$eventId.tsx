import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { EventPage } from "~/components/event-page";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound, tooManyRequests } from "~/lib/http.server";
import { pageTitle, textTitle } from "~/lib/meta";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { eventRedirect, getPublicEvent } from "~/models/public-events.server";
import { listMemberContactsForEvent, registerMemberContact } from "~/models/member-registrations.server";
import { registerForEvent } from "~/models/registrations.server";
import { signupSchema } from "~/models/registration-form";
import eventsCss from "~/styles/events.css?url";
import { paths } from "~/lib/urls";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];

// A discreet event's tab title (and so the browser history) names nothing of its topic; its heading still does.
export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  !data || data.event.discreet ? pageTitle(matches, "events.discreetPageTitle") : textTitle(matches, data.event.title);

function viewerOf(context: LoaderFunctionArgs["context"]) {
  return context.user ? { userId: context.user.id, role: context.user.role } : null;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const requested = params.eventId ?? "";
  const found = await getPublicEvent(requested, viewerOf(context));
  if (!found) throw notFound();
  // a discreet event only at its short id (its slug or id lead there); not kept by browsers, as the flag may change
  const moved = eventRedirect(requested, found.event);
  if (moved) throw redirect(`${moved}${new URL(request.url).search}`, { status: 301, headers: { "Cache-Control": "no-store" } });
  // the calendar input stays on the server: the page links to its .ics, and every byte counts on a phone
  const { calendar: _calendar, ...page } = found;
  const member = found.membership && context.user ? await listMemberContactsForEvent({ userId: context.user.id, eventId: found.event.id }) : null;
  return { ...page, member };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const found = await getPublicEvent(params.eventId ?? "", viewerOf(context));
  if (!found) notFound();
  const form = await request.formData();
  if (form.get("intent") === "member") {
    if (!context.user) notFound();
    const contactUserId = String(form.get("contactUserId") ?? "");
    const result = await registerMemberContact({ actorUserId: context.user.id, contactUserId, eventId: found.event.id });
    return data({ member: result.ok ? { status: result.status, contactUserId } : { error: result.error, contactUserId } });
  }
  const parsed = parseForm(form, signupSchema);
  if (!parsed.ok) return invalid(parsed);
  const { honeypot, ...signup } = parsed.data;
  const quota = await consumeMailQuota([networkBucket("signup", context.clientIp), `signup:to:${signup.email}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  // A bot that filled the hidden field gets what a person gets, a 303, to a page that thanks it; nothing is stored or sent.
  if (honeypot) return redirectWithNotice(paths.publicEvent(found.event), "events.signupSent", {}, { status: 303 });
  const result = await registerForEvent({ eventId: found.event.id, source: "PUBLIC", locale: context.locale, ...signup }, new Date());
  if (!result.ok) {
    const key = result.error === "full" ? "events.signupFull" : result.error === "not-open" ? "events.signupNotOpen" : "events.signupClosed";
    return invalid({ errors: { _form: key }, values: parsed.values }, 409);
  }
  // The confirmation is a page of its own behind the private link: it survives a reload and is where the mail leads.
  // Its heading as the fragment: without JavaScript the browser starts there (and drops the form's #signup).
  return redirect(`${paths.registration(result.token)}#registration-status`, 303);
}

/**
 * An event's public page, built for a phone (app/components/event-page.tsx; staff preview a draft with the same one).
 */
export default EventPage;
