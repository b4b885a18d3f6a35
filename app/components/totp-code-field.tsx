import { TextField, type FormState } from "~/components/form";
import { useT } from "~/lib/i18n";

/** The field for a code from the authenticator app, the same on /account/security and /login/verify. */
export function TotpCodeField({ state }: { state: FormState | undefined }) {
  const t = useT();
  return (
    <TextField
      name="code"
      label={t("security.code")}
      hint={t("security.codeHint")}
      state={state}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      className="input-width-xs"
    />
  );
}
