import { Form, Link } from "@remix-run/react";
import { ErrorSummary, TextField, type FormState } from "./form";
import { useT } from "~/lib/i18n";

/** Choosing a password through a one-time link (reset and invitation): the password twice, errors beside each. */
export function NewPasswordForm({ state, submitLabel }: { state: FormState; submitLabel: string }) {
  const t = useT();
  return (
    <>
      <ErrorSummary state={state} labels={{ password: t("auth.newPassword"), confirmPassword: t("auth.confirmPassword") }} />
      <Form method="post" noValidate>
        <TextField
          name="password"
          type="password"
          label={t("auth.newPassword")}
          hint={t("auth.passwordHint")}
          state={state}
          autoComplete="new-password"
          maxLength={64}
        />
        <TextField name="confirmPassword" type="password" label={t("auth.confirmPassword")} state={state} autoComplete="new-password" maxLength={64} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {submitLabel}
          </button>
        </div>
      </Form>
    </>
  );
}

/** What a used, expired or replaced link shows: why, and where to go next. */
export function InvalidLink({ messages }: { messages: string[] }) {
  const t = useT();
  return (
    <>
      <h1>{t("auth.linkInvalidHeading")}</h1>
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
      <p className="actions">
        <Link to="/forgot-password" className="button button-primary">
          {t("auth.askForNewLink")}
        </Link>
        <Link to="/login">{t("auth.backToLogin")}</Link>
      </p>
    </>
  );
}
