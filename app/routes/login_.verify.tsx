import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { TotpCodeField } from "~/components/totp-code-field";
import { PasskeySignIn } from "~/components/passkey";
import { pendingCookie, readPendingToken } from "~/lib/auth.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { cancelPendingSignIn, completeSecondStep, finishSignIn, readPendingSignIn } from "~/models/sign-in-steps.server";
import { totpCodeField } from "~/models/totp.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "security.verifyTitle");

const verifySchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("totp"),
    code: totpCodeField,
  }),
  z.object({
    intent: z.literal("recovery"),
    recoveryCode: z.string({ required_error: "form.required" }).trim().min(1, "form.required").max(100, "security.recoveryInvalid"),
  }),
  z.object({ intent: z.literal("cancel") }),
]);

/** The second step of signing in (docs/decisions/0022-second-factor.md); without a pending sign-in it says so. */
export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await readPendingSignIn(readPendingToken(request.headers.get("Cookie")));
  return { pending: pending ? { totp: pending.totp, passkeys: pending.passkeys, recoveryCodes: pending.recoveryCodes > 0 } : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = readPendingToken(request.headers.get("Cookie"));
  const parsed = parseForm(await request.formData(), verifySchema);
  if (!parsed.ok) return invalid(parsed);
  if (parsed.data.intent === "cancel") {
    await cancelPendingSignIn(token);
    return redirect("/login", { headers: { "Set-Cookie": pendingCookie(null) } });
  }
  const proof = parsed.data.intent === "totp" ? { kind: "totp" as const, code: parsed.data.code } : { kind: "recovery" as const, code: parsed.data.recoveryCode };
  const result = await completeSecondStep(token, proof, context.clientIp);
  if (!result.ok && result.reason === "throttled") return tooManyRequests(result.retryAfterS);
  if (!result.ok && result.reason === "expired") return invalid({ errors: { _form: "security.verifyExpired" }, values: {} }, 401);
  if (!result.ok) {
    const field = proof.kind === "totp" ? "code" : "recoveryCode";
    const errors: Record<string, string> = { [field]: proof.kind === "totp" ? "security.codeInvalid" : "security.recoveryInvalid" };
    return data({ errors, values: { intent: proof.kind } as Record<string, string>, attemptsLeft: result.attemptsLeft }, { status: 400 });
  }
  return finishSignIn(context, { id: result.userId, role: result.role }, result.redirectTo, { clearPending: true });
}

export default function Verify() {
  const t = useT();
  const { pending } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as { errors?: Record<string, string>; values?: Record<string, string>; attemptsLeft?: number } | undefined;
  if (!pending) {
    return (
      <div className="row">
        <div className="col-12 col-md-8 col-lg-6">
          <h1>{t("security.verifyExpiredHeading")}</h1>
          <p>{t("security.verifyExpired")}</p>
          <Link to="/login" className="button button-primary">
            {t("nav.login")}
          </Link>
        </div>
      </div>
    );
  }
  const forTotp = state?.values?.intent !== "recovery" ? state : undefined;
  const forRecovery = state?.values?.intent === "recovery" ? state : undefined;
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("security.verifyHeading")}</h1>
        <p>{t("security.verifyIntro")}</p>
        <ErrorSummary state={state} labels={{ code: t("security.code"), recoveryCode: t("security.recoveryCode") }} />
        {state?.attemptsLeft ? <p>{t("security.verifyAttemptsLeft", { count: state.attemptsLeft })}</p> : null}
        {pending.totp ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="totp" />
            <TotpCodeField state={forTotp} />
            <div className="actions">
              <button type="submit" className="button button-primary">
                {t("security.verifySubmit")}
              </button>
            </div>
          </Form>
        ) : null}
        {pending.passkeys ? (
          <section aria-labelledby="verify-passkey">
            <h2 id="verify-passkey" className="h3">
              {t("security.verifyPasskeyHeading")}
            </h2>
            <PasskeySignIn endpoint="/login/passkey" purpose="second" label={t("security.verifyPasskey")} />
          </section>
        ) : null}
        {pending.recoveryCodes ? (
          <section aria-labelledby="verify-recovery">
            <h2 id="verify-recovery" className="h3">
              {t("security.verifyRecoveryHeading")}
            </h2>
            <p>{t("security.verifyRecoveryIntro")}</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="recovery" />
              <TextField name="recoveryCode" label={t("security.recoveryCode")} state={forRecovery} autoComplete="off" maxLength={100} />
              <div className="actions">
                <button type="submit" className="button button-secondary">
                  {t("security.verifyRecoverySubmit")}
                </button>
              </div>
            </Form>
          </section>
        ) : null}
        <p>{t("security.noFactorHelp")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="button button-tertiary">
            {t("security.verifyCancel")}
          </button>
        </Form>
      </div>
    </div>
  );
}
