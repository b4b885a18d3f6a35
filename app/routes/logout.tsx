import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/lib/auth.server";

// POST only: a GET never changes anything, so a link or a prefetch cannot sign anyone out.
export async function action({ context }: ActionFunctionArgs) {
  if (!context.sessionId) return redirect("/");
  const cookie = await endSession(context.sessionId);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
