import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect } from "react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { OrganisationFields, SignatureFields, useForumLabels } from "~/components/forum";
import { invalid } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { appliedCookie } from "~/lib/forum-applied.server";
import { currentCharterFor } from "~/models/charter.server";
import { parseApplication, submitApplication } from "~/models/forum-applications.server";
import { LIMITS } from "~/models/forum-rules";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.applyTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  return { charter: await currentCharterFor(context.locale) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  // every field in one pass, the password rules and a known CVR included
  const parsed = await parseApplication(await request.formData());
  if (!parsed.ok) return invalid(parsed);
  const quota = await consumeMailQuota([networkBucket("forum-apply", context.clientIp), `forum-apply:to:${parsed.data.email}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const result = await submitApplication(parsed.data, context.locale);
  if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
  // the page after shows the address the mail went to (a new one and a known one alike, so it tells nothing)
  return redirect("/forum/applied", { headers: { "Set-Cookie": appliedCookie(parsed.data.email) } });
}

export default function Apply() {
  const t = useT();
  const state = useActionData<typeof action>();
  const { charter } = useLoaderData<typeof loader>();
  const labels = useForumLabels();
  // the password is never sent back; with JavaScript the browser would keep it in the field, so clear it there too:
  // the page behaves the same with and without JavaScript, and the hint beside the field says why it is empty
  useEffect(() => {
    const field = document.getElementById("field-password") as HTMLInputElement | null;
    if (state?.errors && field) field.value = "";
  }, [state]);
  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>{t("forum.applyPageHeading")}</h1>
        <p className="font-lead">{t("forum.applyLead")}</p>
        {!charter ? (
          <p>{t("forum.noCharter")}</p>
        ) : (
          <>
            <ErrorSummary state={state} labels={labels} />
            <Form method="post" noValidate>
              <fieldset>
                <legend className="h2">{t("forum.sectionOrganisation")}</legend>
                <OrganisationFields state={state} />
              </fieldset>
              <fieldset>
                <legend className="h2">{t("forum.sectionContact")}</legend>
                <TextField name="contactName" label={t("forum.contactName")} state={state} maxLength={LIMITS.name} autoComplete="name" />
                <TextField name="contactTitle" label={t("forum.contactTitle")} hint={t("forum.contactTitleHint")} state={state} maxLength={LIMITS.line} autoComplete="organization-title" />
                <TextField name="email" type="email" label={t("forum.email")} hint={t("forum.emailHint")} state={state} maxLength={254} autoComplete="email" />
                <TextField name="phone" type="tel" label={t("forum.phone")} state={state} maxLength={30} autoComplete="tel" />
                <TextField name="password" type="password" label={t("forum.password")} hint={state?.errors ? `${t("forum.passwordHint")} ${t("forum.passwordNotKept")}` : t("forum.passwordHint")} state={state} maxLength={64} autoComplete="new-password" />
              </fieldset>
              <fieldset>
                <legend className="h2">{t("forum.sectionCharter")}</legend>
                <SignatureFields state={state} charter={charter} />
              </fieldset>
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("forum.applySubmit")}
                </button>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
