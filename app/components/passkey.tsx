import { useEffect, useState, type ReactNode } from "react";
import { useT } from "~/lib/i18n";

/**
 * The passkey ceremonies need JavaScript (the browser's WebAuthn API). Until the page has hydrated, and in a browser
 * without WebAuthn, these show a sentence instead of a button that cannot work; every other form works without it.
 */
function useWebAuthn(): "waiting" | "yes" | "no" {
  const [state, setState] = useState<"waiting" | "yes" | "no">("waiting");
  useEffect(() => {
    setState(typeof window !== "undefined" && "PublicKeyCredential" in window ? "yes" : "no");
  }, []);
  return state;
}

async function post(endpoint: string, fields: Record<string, string>) {
  const res = await fetch(endpoint, { method: "POST", body: new URLSearchParams(fields), headers: { Accept: "application/json" } });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new Error(typeof body.error === "string" ? body.error : `HTTP ${res.status}`);
  return body;
}

/**
 * What both ceremonies share: the error alert, the button, the working note, and going where the server says when
 * `run` (the ceremony itself) gives an address; any failure says "it did not work" and lets the person try again.
 */
function Ceremony({ label, run, children }: { label: string; run: () => Promise<string>; children?: ReactNode }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      window.location.assign(await run());
    } catch {
      setError(t("security.passkeyFailed"));
      setBusy(false);
    }
  };
  return (
    <div>
      {error ? (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            <p className="alert-text">{error}</p>
          </div>
        </div>
      ) : null}
      {children}
      <button type="button" className="button button-secondary" onClick={start} disabled={busy}>
        {label}
      </button>
      {busy ? (
        <p className="form-hint" role="status">
          {t("security.passkeyWorking")}
        </p>
      ) : null}
    </div>
  );
}

/** Signs in with a passkey (passwordless from /login, or the second step on /login/verify), then goes where told. */
export function PasskeySignIn({ endpoint, purpose, label, fallback }: { endpoint: string; purpose: "login" | "second"; label: string; fallback?: ReactNode }) {
  const t = useT();
  const support = useWebAuthn();
  if (support !== "yes") return <p className="form-hint">{support === "no" ? t("security.passkeyUnsupported") : (fallback ?? t("security.passkeyNeedsJs"))}</p>;
  const run = async () => {
    const { startAuthentication } = await import("@simplewebauthn/browser");
    const { options } = await post(endpoint, { intent: "options", purpose });
    const response = await startAuthentication({ optionsJSON: options as Parameters<typeof startAuthentication>[0]["optionsJSON"] });
    const { redirectTo } = await post(endpoint, { intent: "verify", purpose, response: JSON.stringify(response) });
    return typeof redirectTo === "string" ? redirectTo : "/";
  };
  return <Ceremony label={label} run={run} />;
}

/** Adds a passkey on /account/security; afterwards the page is loaded again with its notice. */
export function PasskeyRegister({ endpoint }: { endpoint: string }) {
  const t = useT();
  const support = useWebAuthn();
  const [name, setName] = useState("");
  if (support !== "yes") return <p className="form-hint">{support === "no" ? t("security.passkeyUnsupported") : t("security.passkeyNeedsJs")}</p>;
  const run = async () => {
    const { startRegistration } = await import("@simplewebauthn/browser");
    const { options } = await post(endpoint, { intent: "options" });
    const response = await startRegistration({ optionsJSON: options as Parameters<typeof startRegistration>[0]["optionsJSON"] });
    const { redirectTo } = await post(endpoint, { intent: "register", name: name || t("security.passkeyDefaultName"), response: JSON.stringify(response) });
    return typeof redirectTo === "string" ? redirectTo : "/account/security";
  };
  return (
    <Ceremony label={t("security.passkeyAdd")} run={run}>
      <div className="form-group">
        <label className="form-label" htmlFor="passkey-name">
          {t("security.passkeyNameLabel")} <span className="weight-normal">{t("form.optional")}</span>
        </label>
        <span className="form-hint" id="passkey-name-hint">
          {t("security.passkeyNameHint")}
        </span>
        <input
          className="form-input"
          id="passkey-name"
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          aria-describedby="passkey-name-hint"
          autoComplete="off"
        />
      </div>
    </Ceremony>
  );
}
