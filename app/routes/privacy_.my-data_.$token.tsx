import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { DownloadLinks, PersonDataView } from "~/components/person-data";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { notFound } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DATA_ACCESS_MS, cancelOwnRegistration, eraseOwnRegistrations, openDataAccess } from "~/models/data-access.server";
import { ownPersonData } from "~/models/person-data.server";
import { useRootData } from "~/root";
import privacyCss from "~/styles/privacy.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: privacyCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => [
  ...pageTitle(matches, data && "expired" in data ? "privacy.expiredTitle" : "privacy.dataTitle"),
  { name: "robots", content: "noindex" },
];

/**
 * Everything held about the address the link was mailed to (the link proves the address): see it, download it,
 * cancel a registration, erase the registrations. An unknown link is 404; one that ran out is 410 with a way to ask
 * again. Confirm steps are plain links (?step=…), so everything works without JavaScript.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const access = await openDataAccess(params.token ?? "");
  if (!access) throw notFound();
  if (access === "expired") return data({ expired: true as const, hours: DATA_ACCESS_MS / 3600_000 }, { status: 410 });
  const found = await ownPersonData(access.email);
  return { email: access.email, expiresAt: access.expiresAt, data: found.data, nothingHeld: found.nothingHeld };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const access = await openDataAccess(token);
  if (!access) throw notFound();
  const here = `/privacy/my-data/${encodeURIComponent(token)}`;
  if (access === "expired") return redirect(here, 303);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "cancel") {
    const ok = await cancelOwnRegistration({ email: access.email, registrationId: String(form.get("registrationId") ?? "") });
    // not a success: said as an error on the page, not as a notice after a redirect
    if (!ok) return data({ error: "privacy.notCancelled" as const }, { status: 409 });
    return redirectWithNotice(`${here}#data-heading`, "privacy.cancelled", {}, { status: 303 });
  }
  if (intent === "erase") {
    await eraseOwnRegistrations(access.email);
    return redirectWithNotice(`${here}#data-heading`, "privacy.erased", {}, { status: 303 });
  }
  return redirect(here, 303);
}

export default function MyDataPage() {
  const t = useT();
  const locale = useLocale();
  const loaded = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { token } = useParams();
  const busy = useNavigation().state === "submitting";
  const unitEmail = useRootData()?.unitEmail ?? "";
  const headingRef = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const failed = useActionData<typeof action>();
  const notice = useRootData()?.notice;
  const step = params.get("step");
  useEffect(() => {
    if (step) headingRef.current?.focus();
  }, [step, params]);
  // after cancelling or erasing, focus goes to what happened (the notice, or the error)
  useEffect(() => {
    if (notice || failed) noticeRef.current?.focus();
  }, [notice, failed]);

  if ("expired" in loaded) {
    return (
      <div className="row">
        <div className="col-12 col-md-8 col-lg-6">
          <h1>{t("privacy.expiredHeading")}</h1>
          <p>{t("privacy.expiredText", { hours: loaded.hours })}</p>
          <p>
            <Link to="/privacy/my-data" className="button button-primary">
              {t("privacy.askAgain")}
            </Link>
          </p>
        </div>
      </div>
    );
  }

  const { email, expiresAt, data: person, nothingHeld } = loaded;
  const cancelling = step === "cancel" ? person.registrations.find((r) => r.id === params.get("registration") && r.canCancel) : undefined;
  if (cancelling || (step === "erase" && person.registrations.length > 0)) {
    return (
      <div className="row">
        <div className="col-12 col-lg-8">
          <h1 ref={headingRef} tabIndex={-1} className="focus-target">
            {t("privacy.confirmHeading")}
          </h1>
          {cancelling ? (
            <p className="font-lead">{t("privacy.cancelConfirmText", { title: cancelling.event.title })}</p>
          ) : (
            <>
              <p className="font-lead">{t("privacy.eraseConfirmText", { count: person.registrations.length })}</p>
              <p>{t("privacy.eraseConfirmPlace")}</p>
            </>
          )}
          <div className="actions confirm-actions">
            <Form method="post" replace>
              <input type="hidden" name="intent" value={cancelling ? "cancel" : "erase"} />
              {cancelling ? <input type="hidden" name="registrationId" value={cancelling.id} /> : null}
              <button type="submit" className="button button-primary" disabled={busy}>
                {t(cancelling ? "privacy.cancelYes" : "privacy.eraseYes")}
              </button>
            </Form>
            <Link to="." replace className="button button-secondary">
              {t("privacy.confirmNo")}
            </Link>
          </div>
        </div>
      </div>
    );
  }

  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1 ref={headingRef} tabIndex={-1} className="focus-target" id="data-heading">
          {t("privacy.dataHeading")}
        </h1>
        <div ref={noticeRef} tabIndex={-1} className="focus-target">
          {failed ? (
            <div className="alert alert-error" role="alert">
              <div className="alert-body">
                <p className="alert-text">{t(failed.error)}</p>
              </div>
            </div>
          ) : (
            <Notice />
          )}
        </div>
        <p className="font-lead break-anywhere">{t("privacy.dataLead", { email })}</p>
        <p>{t("privacy.dataValid", { time: formatDate(locale, expiresAt, "datetime") })}</p>
        {nothingHeld ? <p className="break-anywhere">{t("privacy.nothing", { email })}</p> : null}
        <section aria-labelledby="download-heading">
          <h2 id="download-heading" className="h3">
            {t("privacy.download")}
          </h2>
          <DownloadLinks base={`/privacy/my-data/${encodeURIComponent(token ?? "")}/data`} />
        </section>
        <PersonDataView data={person} cancelHref={(id) => `?step=cancel&registration=${encodeURIComponent(id)}`} />
        <section aria-labelledby="erase-heading">
          <h2 id="erase-heading" className="h3">
            {t("privacy.eraseHeading")}
          </h2>
          <p>{t("privacy.eraseText", { email: unitEmail })}</p>
          {person.registrations.length ? (
            <p>
              <Link to="?step=erase" className="button button-secondary">
                {t("privacy.eraseButton")}
              </Link>
            </p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
