import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isHttps } from "~/lib/env.server";
import { safeRedirect } from "~/lib/http.server";
import { isLocale } from "~/lib/i18n";
import { localeCookie } from "~/lib/locale.server";

// The language switch is a plain form, so it works without JavaScript; the choice is kept in a cookie.
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLocale(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": localeCookie(lang, isHttps()) } });
}

export function loader() {
  return redirect("/");
}
