import { takeNotice } from "~/lib/flash.server";

/** Where an action's redirect goes and the success message it leaves (redirectWithNotice), as the next page reads it. */
export function redirectNotice(res: { headers: Headers }) {
  const cookie = (res.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  return { to: res.headers.get("Location"), notice: takeNotice(new Request("http://localhost/", { headers: { Cookie: cookie } })).notice?.key ?? null };
}
