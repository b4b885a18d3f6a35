import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "~/generated/prisma/client";
import { homeFor } from "~/models/users.server";
import { endSession, startSession, type SessionUser } from "./auth.server";
import { safeRedirect } from "./http.server";

/**
 * Routes read who is signed in from the context. The guard has already refused anyone without access, so these
 * only narrow the type; they still throw if a route was declared wider than its code assumes.
 */
export function getUser(context: AppLoadContext): SessionUser | null {
  return context.user;
}

export function requireUser(context: AppLoadContext): SessionUser {
  if (!context.user) throw new Response("Unauthorized", { status: 401 });
  return context.user;
}

export function requireStaff(context: AppLoadContext): SessionUser {
  const user = requireUser(context);
  if (user.role !== "STAFF" && user.role !== "ADMIN") throw new Response("Forbidden", { status: 403 });
  return user;
}

export function requireAdmin(context: AppLoadContext): SessionUser {
  const user = requireUser(context);
  if (user.role !== "ADMIN") throw new Response("Forbidden", { status: 403 });
  return user;
}

/**
 * Signs a user in after a password was checked or set: a session the browser already had is ended, a new one starts
 * (no fixation), and the answer is a redirect to `to` if it is a safe same-site path, else the user's home.
 */
export async function signInAndRedirect(context: AppLoadContext, user: { id: string; role: Role }, to?: string | null) {
  if (context.sessionId) await endSession(context.sessionId);
  const cookie = await startSession(user.id);
  return redirect(safeRedirect(to, await homeFor(user)), { headers: { "Set-Cookie": cookie } });
}
