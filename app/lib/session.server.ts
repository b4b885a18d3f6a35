import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "~/generated/prisma/client";
import { hasSecondFactor, startPendingSignIn } from "~/models/sign-in-steps.server";
import { homeFor } from "~/models/users.server";
import { endSession, pendingCookie, startSession, type SessionUser } from "./auth.server";
import { db } from "./db.server";
import { safeRedirect } from "./http.server";

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
 * After a password was checked or set (sign-in, reset link, invitation): a user with a second factor gets no session
 * yet, only a pending sign-in and the way to /login/verify (docs/decisions/0022-second-factor.md). Everyone else is
 * signed in (`finishSignIn`). Staff without a second factor are then held at /account/security by the guard.
 */
export async function signInAndRedirect(context: AppLoadContext, user: { id: string; role: Role }, to?: string | null) {
  if (await hasSecondFactor(db, user.id)) {
    const headers = new Headers();
    if (context.sessionId) headers.append("Set-Cookie", await endSession(context.sessionId));
    const token = await startPendingSignIn(user.id, safeRedirect(to, "") || null);
    headers.append("Set-Cookie", pendingCookie(token));
    return redirect("/login/verify", { headers });
  }
  return finishSignIn(context, user, to);
}

/**
 * Signs a user in once every factor is checked: a session the browser already had is ended, a new one starts
 * (no fixation), the pending sign-in's cookie goes, and the answer is a redirect to `to` if it is a safe same-site
 * path, else the user's home.
 */
export async function finishSignIn(context: AppLoadContext, user: { id: string; role: Role }, to?: string | null, options: { clearPending?: boolean } = {}) {
  if (context.sessionId) await endSession(context.sessionId);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(user.id, context.userAgent));
  if (options.clearPending) headers.append("Set-Cookie", pendingCookie(null));
  return redirect(safeRedirect(to, await homeFor(user)), { headers });
}
