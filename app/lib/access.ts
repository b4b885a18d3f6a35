/**
 * Who may use each route, in one typed place. The server refuses to start when a route in the build has no entry
 * here (app/lib/guard.server.ts), and test/e2e/permissions.spec.ts requests every route as every role.
 *
 * - public: anyone
 * - user: anyone signed in
 * - member: a contact person of an organisation with active forum membership
 * - staff: VINK staff and admins
 * - admin: admins only
 */
export type Access = "public" | "user" | "member" | "staff" | "admin";

export const routeAccess = {
  root: "public",
  "routes/_index": "public",
  "routes/language": "public",
  "routes/privacy": "public",
  "routes/accessibility": "public",
  "routes/was": "public",
  "routes/contact": "public",
  "routes/login": "public",
  "routes/logout": "public",
  "routes/forgot-password": "public",
  "routes/reset-password.$token": "public",
  "routes/invitation.$token": "public",
  "routes/staff": "staff",
  "routes/staff._index": "staff",
  "routes/staff.users": "admin",
  "routes/staff.audit": "admin",
  "routes/dev.mail": "staff",
  "routes/dev.mail_.$id": "staff",
  "routes/$": "public",
} as const satisfies Record<string, Access>;

export type RouteId = keyof typeof routeAccess;

export function accessFor(routeId: string): Access | undefined {
  return (routeAccess as Record<string, Access>)[routeId];
}
