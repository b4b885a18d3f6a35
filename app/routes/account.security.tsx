import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { TotpCodeField } from "~/components/totp-code-field";
import { Notice } from "~/components/notice";
import { PasskeyRegister } from "~/components/passkey";
import { mustEnrol, roleNeedsSecondFactor } from "~/lib/auth.server";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import {
  changePassword,
  disableTotp,
  endOtherSessions,
  endOwnSession,
  removePasskey,
  securityOverview,
} from "~/models/account-security.server";
import { beginTotpEnrolment, confirmTotp, groupSecret, pendingTotpSecret, regenerateRecoveryCodes, totpCodeField, totpUri } from "~/models/totp.server";
import { newPasswordSchema } from "~/models/password-links.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "security.title");

type NoticeKey = "totpDisabled" | "passkeyRemoved" | "passwordChanged" | "sessionEnded" | "othersEnded" | "setupCancelled";

const changePasswordSchema = z
  .object({ currentPassword: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "form.invalid") })
  .and(newPasswordSchema);

const confirmTotpSchema = z.object({
  code: totpCodeField,
});

const idSchema = z.object({ id: z.string().min(1).max(200) });

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const overview = await securityOverview(user.id, context.sessionId);
  const secret = overview.totp === "pending" ? await pendingTotpSecret(user.id) : null;
  return {
    ...overview,
    email: user.email,
    mustEnrol: mustEnrol(user),
    required: roleNeedsSecondFactor(user.role),
    setup: secret
      ? { secret: groupSecret(secret), qr: await QRCode.toString(totpUri(secret, user.email), { type: "svg", margin: 2, width: 220, errorCorrectionLevel: "M" }) }
      : null,
  };
}

const done = (notice: NoticeKey) => redirectWithNotice("/account/security", `security.notice.${notice}`);
const failed = (key: MessageKey, status = 409) => data({ errors: { _form: key } as Record<string, string>, values: {} as Record<string, string> }, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  switch (intent) {
    case "totp-begin": {
      await beginTotpEnrolment(user.id);
      return redirect("/account/security#totp");
    }
    case "totp-confirm": {
      const parsed = parseForm(form, confirmTotpSchema);
      if (!parsed.ok) return invalid({ ...parsed, values: { ...parsed.values, intent } });
      const result = await confirmTotp(user.id, parsed.data.code);
      if (!result.ok) return invalid({ errors: { code: "security.codeInvalid" }, values: { ...parsed.values, intent } });
      // the codes are shown once, in this answer; a reload does not show them again
      return { recoveryCodes: result.recoveryCodes, enabled: true };
    }
    case "totp-cancel":
    case "totp-disable": {
      const result = await disableTotp(user);
      if (!result.ok && result.reason === "lastFactor") return failed("security.totpLastFactor");
      return done(intent === "totp-cancel" ? "setupCancelled" : "totpDisabled");
    }
    case "recovery-regenerate": {
      const overview = await securityOverview(user.id, null);
      if (overview.totp !== "on" && overview.passkeys.length === 0) return failed("form.invalid", 400);
      return { recoveryCodes: await regenerateRecoveryCodes(user.id), enabled: false };
    }
    case "passkey-remove": {
      const parsed = parseForm(form, idSchema);
      if (!parsed.ok) return failed("form.invalid", 400);
      const result = await removePasskey(user, parsed.data.id);
      if (!result.ok) return failed(result.reason === "lastFactor" ? "security.passkeyLastFactor" : "form.invalid", result.reason === "lastFactor" ? 409 : 404);
      return done("passkeyRemoved");
    }
    case "password": {
      const parsed = parseForm(form, changePasswordSchema);
      if (!parsed.ok) return invalid({ ...parsed, values: { ...parsed.values, intent } });
      const result = await changePassword({
        userId: user.id,
        sessionId: context.sessionId!,
        current: parsed.data.currentPassword,
        next: parsed.data.password,
        clientIp: context.clientIp,
      });
      if (!result.ok && result.reason === "throttled") return tooManyRequests(result.retryAfterS);
      if (!result.ok && result.reason === "current") return invalid({ errors: { currentPassword: "security.currentPasswordWrong" }, values: { intent } });
      if (!result.ok) return invalid({ errors: { password: result.reason === "password" ? result.problem : "form.invalid" }, values: { intent } });
      return done("passwordChanged");
    }
    case "session-end": {
      const parsed = parseForm(form, idSchema);
      if (!parsed.ok) return failed("form.invalid", 400);
      await endOwnSession({ userId: user.id, sessionRowId: parsed.data.id });
      return done("sessionEnded");
    }
    case "sessions-end-others": {
      await endOtherSessions({ userId: user.id, currentSessionId: context.sessionId! });
      return done("othersEnded");
    }
    default:
      return failed("form.invalid", 400);
  }
}

type ActionState = { errors?: Record<string, string>; values?: Record<string, string>; recoveryCodes?: string[]; enabled?: boolean } | undefined;

export default function AccountSecurity() {
  const t = useT();
  const locale = useLocale();
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as ActionState;
  const formFor = (intent: string) => (state?.values?.intent === intent ? state : undefined);
  const factors = (page.totp === "on" ? 1 : 0) + page.passkeys.length;
  const lastFactor = page.required && factors === 1;
  return (
    <div className="row">
      <div className="col-12 col-lg-9">
        <h1>{t("security.heading")}</h1>
        <p>{t("security.intro")}</p>
        {/* enabling the app answers in place (the recovery codes are shown once); everything else left a notice */}
        <Notice text={state?.enabled ? t("security.notice.totpEnabled") : undefined} />
        {page.mustEnrol ? (
          <div className="alert alert-warning" role="status">
            <div className="alert-body">
              <p className="alert-text">{t("security.mustEnrol")}</p>
            </div>
          </div>
        ) : null}
        <ErrorSummary
          state={state?.errors ? state : undefined}
          labels={{
            code: t("security.code"),
            currentPassword: t("security.currentPassword"),
            password: t("auth.newPassword"),
            confirmPassword: t("auth.confirmPassword"),
          }}
        />

        {state?.recoveryCodes?.length ? (
          <section aria-labelledby="recovery-shown" className="alert alert-info" tabIndex={-1}>
            <div className="alert-body">
              <h2 id="recovery-shown" className="alert-heading h3">
                {t("security.recoveryShownHeading")}
              </h2>
              <p className="alert-text">{t("security.recoveryShownIntro")}</p>
              <ul className="recovery-codes nobullet-list" data-testid="recovery-codes">
                {state.recoveryCodes.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                  </li>
                ))}
              </ul>
            </div>
          </section>
        ) : null}

        <h2>{t("security.factorsHeading")}</h2>
        <p>{t("security.factorsIntro")}</p>
        {page.required ? <p>{t("security.factorsRequired")}</p> : null}

        <h3 id="totp">{t("security.totpHeading")}</h3>
        {page.totp === "on" ? (
          <>
            <p>{t("security.totpOn")}</p>
            {lastFactor ? (
              <p className="form-hint">{t("security.totpLastFactor")}</p>
            ) : (
              <IntentButton intent="totp-disable" label={t("security.totpDisable")} />
            )}
          </>
        ) : page.setup ? (
          <>
            <p>{t("security.totpStep1")}</p>
            <div className="totp-qr" role="img" aria-label={t("security.totpQrLabel")} dangerouslySetInnerHTML={{ __html: page.setup.qr }} />
            <p>{t("security.totpStep2")}</p>
            <p>
              <span className="sr-only">{t("security.totpSecretLabel")}: </span>
              <code className="totp-secret" data-testid="totp-secret">
                {page.setup.secret}
              </code>
            </p>
            <p>{t("security.totpStep3")}</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="totp-confirm" />
              <TotpCodeField state={formFor("totp-confirm")} />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("security.totpConfirm")}
                </button>
              </div>
            </Form>
            <IntentButton intent="totp-cancel" label={t("security.totpCancel")} tertiary />
          </>
        ) : (
          <>
            <p>{t("security.totpOff")}</p>
            <IntentButton intent="totp-begin" label={t("security.totpBegin")} primary={page.mustEnrol} />
          </>
        )}

        <h3>{t("security.passkeysHeading")}</h3>
        <p>{t("security.passkeysIntro")}</p>
        {page.passkeys.length ? (
          <div className="table--responsive-scroll">
            <table className="table table--compact">
              <caption className="sr-only">{t("security.passkeysHeading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("security.passkeyName")}</th>
                  <th scope="col">{t("security.passkeyCreated")}</th>
                  <th scope="col">{t("security.passkeyLastUsed")}</th>
                  <th scope="col">{t("security.sessionActions")}</th>
                </tr>
              </thead>
              <tbody>
                {page.passkeys.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{formatDate(locale, p.createdAt, "datetime")}</td>
                    <td>{p.lastUsedAt ? formatDate(locale, p.lastUsedAt, "datetime") : t("security.passkeyNeverUsed")}</td>
                    <td>
                      {lastFactor ? (
                        <span className="form-hint">{t("security.passkeyLastFactor")}</span>
                      ) : (
                        <IntentButton intent="passkey-remove" id={p.id} label={t("security.passkeyRemove")} extra={p.name} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("security.passkeysNone")}</p>
        )}
        <PasskeyRegister endpoint="/account/passkeys" />

        {factors > 0 ? (
          <>
            <h3>{t("security.recoveryHeading")}</h3>
            <p>{t("security.recoveryIntro")}</p>
            <p>{page.recoveryLeft ? t("security.recoveryLeft", { count: page.recoveryLeft }) : t("security.recoveryNone")}</p>
            <IntentButton intent="recovery-regenerate" label={t("security.recoveryRegenerate")} />
          </>
        ) : null}

        <h2>{t("security.passwordHeading")}</h2>
        <p>{t("security.passwordIntro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="password" />
          {/* the account's address, for password managers (WCAG 3.3.8: no retyping what the browser can fill) */}
          <input type="text" name="username" autoComplete="username" value={page.email} readOnly hidden />
          <TextField name="currentPassword" type="password" label={t("security.currentPassword")} state={formFor("password")} autoComplete="current-password" />
          <TextField name="password" type="password" label={t("auth.newPassword")} hint={t("auth.passwordHint")} state={formFor("password")} autoComplete="new-password" />
          <TextField name="confirmPassword" type="password" label={t("auth.confirmPassword")} state={formFor("password")} autoComplete="new-password" />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t("security.passwordSubmit")}
            </button>
          </div>
        </Form>

        <h2>{t("security.sessionsHeading")}</h2>
        <div className="table--responsive-scroll">
          <table className="table table--compact">
            <caption className="sr-only">{t("security.sessionsCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("security.sessionDevice")}</th>
                <th scope="col">{t("security.sessionSignedIn")}</th>
                <th scope="col">{t("security.sessionLastActive")}</th>
                <th scope="col">{t("security.sessionActions")}</th>
              </tr>
            </thead>
            <tbody>
              {page.sessions.map((s) => {
                const device =
                  s.browser && s.system
                    ? t("security.sessionOn", { browser: s.browser, system: s.system })
                    : (s.browser ?? s.system ?? t("security.sessionUnknownDevice"));
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      {device}
                      {s.current ? <strong className="d-block">{t("security.sessionThis")}</strong> : null}
                    </th>
                    <td>{formatDate(locale, s.createdAt, "datetime")}</td>
                    <td>{formatDate(locale, s.lastActiveAt, "datetime")}</td>
                    <td>{s.current ? null : <IntentButton intent="session-end" id={s.id} label={t("security.sessionEnd")} extra={device} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {page.sessions.some((s) => !s.current) ? <IntentButton intent="sessions-end-others" label={t("security.sessionsEndOthers")} /> : null}
      </div>
    </div>
  );
}

function IntentButton({ intent, label, id, extra, primary, tertiary }: { intent: string; label: string; id?: string; extra?: string; primary?: boolean; tertiary?: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <button type="submit" className={`button ${primary ? "button-primary" : tertiary ? "button-tertiary" : "button-secondary"}`}>
        {label}
        {extra ? <span className="sr-only"> {extra}</span> : null}
      </button>
    </Form>
  );
}
