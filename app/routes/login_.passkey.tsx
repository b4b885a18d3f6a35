import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { pendingCookie, readPendingToken } from "~/lib/auth.server";
import { db } from "~/lib/db.server";
import { check, hit, type Limit } from "~/lib/rate-limit.server";
import { authenticationOptions, verifyPasskey } from "~/models/passkeys.server";
import { completeSecondStep, finishSignIn, readPendingSignIn } from "~/models/sign-in-steps.server";

/**
 * The passkey ceremonies of signing in, asked by the page's script (app/components/passkey.tsx) with a form body:
 * `intent=options` gives the WebAuthn options (a server-side challenge), `intent=verify` checks the answer and
 * starts the session. `purpose=login` is the passwordless sign-in (user verification required: both factors at once);
 * `purpose=second` is the second step after a password (the pending sign-in's cookie).
 */
const passkeyFailures: Limit = { max: 30, windowMs: 10 * 60_000 };
const optionsPerNetwork: Limit = { max: 60, windowMs: 10 * 60_000 };

const json = (body: unknown, init: ResponseInit = {}) => Response.json(body, { ...init, headers: { "Cache-Control": "no-store", ...(init.headers ?? {}) } });

export function loader() {
  return redirect("/login");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = form.get("intent");
  const purpose = form.get("purpose") === "second" ? "second" : "login";
  const token = readPendingToken(request.headers.get("Cookie"));
  const pending = purpose === "second" ? await readPendingSignIn(token) : null;
  if (purpose === "second" && !pending) return json({ error: "expired" }, { status: 401 });

  if (intent === "options") {
    const bucket = `passkey-options:ip:${context.clientIp}`;
    const state = await check(bucket, optionsPerNetwork);
    if (!state.ok) return json({ error: "throttled" }, { status: 429, headers: { "Retry-After": String(state.retryAfterS) } });
    await hit(bucket);
    return json({ options: await authenticationOptions(purpose, pending?.userId ?? null) });
  }
  if (intent !== "verify") return json({ error: "intent" }, { status: 400 });
  let response: unknown;
  try {
    response = JSON.parse(String(form.get("response") ?? ""));
  } catch {
    return json({ error: "response" }, { status: 400 });
  }

  if (purpose === "second") {
    const result = await completeSecondStep(token, { kind: "passkey", response }, context.clientIp);
    if (!result.ok && result.reason === "throttled") return json({ error: "throttled" }, { status: 429, headers: { "Retry-After": String(result.retryAfterS) } });
    if (!result.ok) return json({ error: result.reason }, { status: 400 });
    return asJson(await finishSignIn(context, { id: result.userId, role: result.role }, result.redirectTo, { clearPending: true }));
  }

  const bucket = `passkey:ip:${context.clientIp}`;
  const state = await check(bucket, passkeyFailures);
  if (!state.ok) return json({ error: "throttled" }, { status: 429, headers: { "Retry-After": String(state.retryAfterS) } });
  const userId = await verifyPasskey("login", null, response);
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true, disabledAt: true } }) : null;
  if (!user || user.disabledAt) {
    await hit(bucket);
    return json({ error: "invalid" }, { status: 400 });
  }
  const done = await finishSignIn(context, user, null);
  if (token) done.headers.append("Set-Cookie", pendingCookie(null));
  return asJson(done);
}

/** A sign-in's redirect as the script's answer: where to go, with the same cookies. */
function asJson(done: Response) {
  const headers = new Headers({ "Cache-Control": "no-store" });
  for (const cookie of done.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return Response.json({ redirectTo: done.headers.get("Location") ?? "/" }, { headers });
}
