import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { email } from "~/lib/field-rules";
import { ErrorSummary, TextField } from "~/components/form";
import { PasskeySignIn } from "~/components/passkey";
import { signInAndRedirect } from "~/models/sign-in-steps.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { signIn } from "~/models/sign-in.server";
import { homeFor } from "~/models/users.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.loginTitle");

export const loginSchema = z.object({
  email: email(),
  password: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "form.invalid"),
  redirectTo: z.string().optional(),
});

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.user) throw redirect(await homeFor(context.user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), loginSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await signIn(parsed.data.email, parsed.data.password, context.clientIp);
  if (!result.ok && result.reason === "throttled") return tooManyRequests(result.retryAfterS);
  if (!result.ok) return invalid({ errors: { _form: "auth.invalidCredentials" }, values: parsed.values });
  return signInAndRedirect(context, { id: result.userId, role: result.role }, parsed.data.redirectTo);
}

export default function Login() {
  const t = useT();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("auth.loginHeading")}</h1>
        <ErrorSummary state={state} labels={{ email: t("auth.email"), password: t("auth.password") }} />
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextField name="email" type="email" label={t("auth.email")} state={state} autoComplete="username" />
          <TextField name="password" type="password" label={t("auth.password")} state={state} autoComplete="current-password" />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t("auth.loginSubmit")}
            </button>
            <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
          </div>
        </Form>
        <section aria-labelledby="login-passkey" className="mt-7">
          <h2 id="login-passkey" className="h3">
            {t("security.loginOr")}
          </h2>
          <PasskeySignIn endpoint="/login/passkey" purpose="login" label={t("security.loginPasskey")} />
        </section>
      </div>
    </div>
  );
}
