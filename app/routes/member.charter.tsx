import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import { CharterText, SignatureFields, useForumLabels } from "~/components/forum";
import { redirectWithNotice } from "~/lib/flash.server";
import { paths } from "~/lib/urls";
import { invalid, parseForm } from "~/lib/forms.server";
import { invariantResponse } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import { signCurrentCharter } from "~/models/charter-signing.server";
import { currentCharterFor } from "~/models/charter.server";
import { getMemberOverview } from "~/models/forum-members.server";
import { signatureSchema } from "~/models/forum-rules";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.signTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const overview = await getMemberOverview(user.id);
  invariantResponse(overview, "Forbidden", { status: 403 });
  return { charter: await currentCharterFor(context.locale), status: overview.charter, userName: user.name };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const parsed = parseForm(await request.formData(), signatureSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await signCurrentCharter(user.id, parsed.data);
  if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
  return redirectWithNotice(paths.member(), "forum.signDone");
}

/** The current charter; while the organisation has not signed it, the same signature form as in the application. */
export default function MemberCharter() {
  const t = useT();
  const locale = useLocale();
  const { charter, status, userName } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const labels = useForumLabels();
  if (!charter) {
    return (
      <>
        <h1>{t("forum.charterTitle")}</h1>
        <p>{t("forum.noCharter")}</p>
      </>
    );
  }
  if (!status.mustSign) {
    return (
      <>
        <h1>{t("forum.charterTitle")}</h1>
        <p>{t("forum.signedAlready")}</p>
        {status.signed ? <p>{t("forum.signedText", { number: status.signed.number, date: formatDate(locale, status.signed.signedAt), signer: status.signed.signerName })}</p> : null}
        <CharterText title={charter.title} text={charter.text} />
      </>
    );
  }
  return (
    <>
      <h1>{t("forum.signHeading", { number: charter.number })}</h1>
      <ErrorSummary state={state} labels={labels} />
      <Form method="post" noValidate>
        <SignatureFields state={state} charter={charter} signerName={userName} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("forum.signSubmit")}
          </button>
        </div>
      </Form>
    </>
  );
}
