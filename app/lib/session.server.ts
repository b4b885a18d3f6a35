import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./auth.server";

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
