import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { email } from "~/lib/field-rules";
import { ErrorSummary, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requestPasswordReset } from "~/models/password-links.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.forgotTitle");

export const forgotPasswordSchema = z.object({
  email: email(),
});

export function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), forgotPasswordSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await requestPasswordReset(parsed.data.email, context.clientIp);
  if (!result.ok) return tooManyRequests(result.retryAfterS);
  // The same answer whether or not the account exists.
  return redirect("/forgot-password?sent=1");
}

export default function ForgotPassword() {
  const t = useT();
  const { sent } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        {sent ? (
          <>
            <h1>{t("auth.forgotSentHeading")}</h1>
            <Notice text={t("auth.forgotSent")} />
            <p>{t("auth.forgotSentHint")}</p>
            <p>
              <Link to="/login">{t("auth.backToLogin")}</Link>
            </p>
          </>
        ) : (
          <>
            <h1>{t("auth.forgotHeading")}</h1>
            <p>{t("auth.forgotIntro")}</p>
            <ErrorSummary state={state} labels={{ email: t("auth.email") }} />
            <Form method="post" noValidate>
              <TextField name="email" type="email" label={t("auth.email")} state={state} autoComplete="email" />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("auth.forgotSubmit")}
                </button>
                <Link to="/login">{t("auth.backToLogin")}</Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
