import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { redirectWithNotice } from "~/lib/flash.server";
import { requireUser } from "~/lib/session.server";
import { registrationOptions, registerPasskey } from "~/models/passkeys.server";

/**
 * Adding a passkey, asked by /account/security's script (app/components/passkey.tsx) with a form body:
 * `intent=options` gives the WebAuthn creation options (a server-side challenge for this user), `intent=register`
 * checks the authenticator's answer and keeps the credential. Reachable for staff still without a second factor.
 */
const json = (body: unknown, status = 200, headers: HeadersInit = {}) => Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

export function loader() {
  return redirect("/account/security");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "options") return json({ options: await registrationOptions(user) });
  if (intent !== "register") return json({ error: "intent" }, 400);
  let response: unknown;
  try {
    response = JSON.parse(String(form.get("response") ?? ""));
  } catch {
    return json({ error: "response" }, 400);
  }
  const result = await registerPasskey(user.id, response, String(form.get("name") ?? ""));
  if (!result.ok) return json({ error: result.reason }, 400);
  // the script goes to the page itself (a fetch cannot follow a redirect for it): the notice's cookie rides on this answer
  const done = redirectWithNotice("/account/security", "security.notice.passkeyAdded");
  return json({ redirectTo: done.headers.get("Location") }, 200, { "Set-Cookie": done.headers.get("Set-Cookie") ?? "" });
}
