/**
 * Who counts as staff, in one place: the guard, the session helpers, the frame and the models ask this instead of
 * comparing role names. Pages may import it (no server code).
 */
export type StaffRole = "STAFF" | "ADMIN";

export function isStaffRole(role: string | null | undefined): role is StaffRole {
  return role === "STAFF" || role === "ADMIN";
}

export function isAdminRole(role: string | null | undefined): role is "ADMIN" {
  return role === "ADMIN";
}
