import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "./auth.server";
import { isAdminRole, isStaffRole } from "./roles";

export function requireUser(context: AppLoadContext): SessionUser {
  if (!context.user) throw new Response("Unauthorized", { status: 401 });
  return context.user;
}

export function requireStaff(context: AppLoadContext): SessionUser {
  const user = requireUser(context);
  if (!isStaffRole(user.role)) throw new Response("Forbidden", { status: 403 });
  return user;
}

export function requireAdmin(context: AppLoadContext): SessionUser {
  const user = requireUser(context);
  if (!isAdminRole(user.role)) throw new Response("Forbidden", { status: 403 });
  return user;
}
