import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { OrganisationFields, SignatureFields, useForumLabels } from "~/components/forum";
import { redirectWithNotice } from "~/lib/flash.server";
import { paths } from "~/lib/urls";
import { invalid, parseForm } from "~/lib/forms.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import { signCurrentCharter } from "~/models/charter-signing.server";
import { currentCharterFor } from "~/models/charter.server";
import { getOwnOrganisation, resubmitApplication } from "~/models/forum-members.server";
import { profileSchema, signatureSchema } from "~/models/forum-rules";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.applicationTitle");

/**
 * A contact's own case, in any state: what is happening, the message from staff, and the one thing to do now —
 * correct and resend when staff asked for information, or sign the current charter when the membership lapsed.
 */
export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const own = await getOwnOrganisation(user.id);
  if (!own) return { organisation: null, charter: null, userName: user.name };
  const o = own.organisation;
  return {
    organisation: {
      name: o.name,
      state: o.state,
      stateMessage: o.stateMessage,
      profile: { name: o.name, cvr: o.cvr, street: o.street, postcode: o.postcode, city: o.city, website: o.website, districts: o.districts, description: o.description },
    },
    charter: o.state === "LAPSED" ? await currentCharterFor(context.locale) : null,
    userName: user.name,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const form = await request.formData();
  if (form.get("intent") === "sign") {
    const parsed = parseForm(form, signatureSchema);
    if (!parsed.ok) return invalid(parsed);
    const result = await signCurrentCharter(user.id, parsed.data);
    if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
    return redirectWithNotice(paths.member(), "forum.signDone");
  }
  const parsed = parseForm(form, profileSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await resubmitApplication(user.id, parsed.data);
  if (!result.ok) return invalid({ errors: { _form: result.reason === "notFound" ? "forum.err.notFound" : "forum.caseNotAllowed" }, values: parsed.values });
  return redirectWithNotice(paths.forumApplication(), "forum.stateText.PENDING");
}

export default function Application() {
  const t = useT();
  const { organisation, charter, userName } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const labels = useForumLabels();
  if (!organisation) {
    return (
      <article className="page-content">
        <h1>{t("forum.applicationTitle")}</h1>
        <p>{t("forum.notContact")}</p>
        <p>
          <Link to="/forum">{t("forum.title")}</Link>
        </p>
      </article>
    );
  }
  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>{t("forum.applicationHeading", { organisation: organisation.name })}</h1>
        <Notice />
        <p className="font-lead">{t("forum.applicationState", { state: t(`forum.state.${organisation.state}` as MessageKey) })}</p>
        <p>{t(`forum.stateText.${organisation.state}` as MessageKey)}</p>
        {organisation.stateMessage && ["NEEDS_INFO", "REJECTED", "SUSPENDED"].includes(organisation.state) ? (
          <div className="alert alert-info">
            <div className="alert-body">
              <h2 className="alert-heading">{t("forum.messageFromVink")}</h2>
              <p className="alert-text pre-wrap">{organisation.stateMessage}</p>
            </div>
          </div>
        ) : null}
        {organisation.state === "APPROVED" ? (
          <p>
            <Link to="/member" className="button button-primary">
              {t("forum.goToMember")}
            </Link>
          </p>
        ) : null}
        {organisation.state === "NEEDS_INFO" ? (
          <>
            <h2>{t("forum.resubmitHeading")}</h2>
            <ErrorSummary state={state} labels={labels} />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="resubmit" />
              <OrganisationFields state={state} defaults={organisation.profile} />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("forum.resubmitSubmit")}
                </button>
              </div>
            </Form>
          </>
        ) : null}
        {organisation.state === "LAPSED" && charter ? (
          <>
            <h2>{t("forum.signHeading", { number: charter.number })}</h2>
            <ErrorSummary state={state} labels={labels} />
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="sign" />
              <SignatureFields state={state} charter={charter} signerName={userName} />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("forum.signSubmit")}
                </button>
              </div>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
