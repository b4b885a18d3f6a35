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
  "routes/forum._index": "public",
  "routes/forum.charter": "public",
  "routes/forum.members": "public",
  "routes/forum.apply": "public",
  "routes/forum.applied": "public",
  "routes/forum.confirm.$token": "public",
  "routes/forum.join.$token": "public",
  // an applicant's or a lapsed member's own case: resubmit, re-sign (not yet or no longer a member)
  "routes/forum.application": "user",
  "routes/member": "member",
  "routes/member.$": "member",
  "routes/member._index": "member",
  "routes/member.profile": "member",
  "routes/member.contacts": "member",
  "routes/member.charter": "member",
  "routes/staff.forum._index": "staff",
  "routes/staff.forum.$organisationId": "staff",
  "routes/staff.charter": "admin",
  "routes/staff": "staff",
  "routes/staff.$": "staff",
  "routes/staff._index": "staff",
  "routes/staff.events.$eventId.invitations._index": "staff",
  "routes/staff.events.$eventId.invitations.new": "staff",
  "routes/staff.events.$eventId.invitations.$invitationId": "staff",
  "routes/staff.events.$eventId.invitations.$invitationId.progress": "staff",
  // an invitation's personal answer page and the List-Unsubscribe target: the token is the key
  "routes/invitations.$token": "public",
  "routes/unsubscribe.$token": "public",
  "routes/member.calendar": "member",
  // a member's secret calendar feed: calendar apps cannot sign in, the token is the key (hashed, renewable)
  "routes/calendar.member.$token.feed[.]ics": "public",
  "routes/staff.users": "admin",
  "routes/staff.audit": "admin",
  "routes/dev.mail": "staff",
  "routes/dev.mail_.$id": "staff",
  // events and courses
  "routes/events._index": "public",
  "routes/events.$eventId": "public",
  "routes/events.$eventId_.calendar[.]ics": "public",
  "routes/calendar[.]ics": "public",
  "routes/registrations.$token": "public",
  // a registered person's own calendar file: the private link's token is the key
  "routes/registrations.$token_.calendar[.]ics": "public",
  "routes/registrations.offer.$token": "public",
  "routes/staff.events._index": "staff",
  "routes/staff.events.new": "staff",
  "routes/staff.events.$eventId._index": "staff",
  "routes/staff.events.$eventId.participants": "staff",
  "routes/staff.events.$eventId.participants[.]csv": "staff",
  "routes/staff.events.$eventId.attendance": "staff",
  // issue 9 items 4-5: a draft previewed as the public sees it; messages to those registered and waiting
  "routes/staff_.events.$eventId.preview": "staff",
  "routes/staff.events.$eventId.messages._index": "staff",
  "routes/staff.events.$eventId.messages.$messageId": "staff",
  "routes/staff.events.$eventId.messages.$messageId.progress": "staff",
  // evaluations: staff's questionnaire page; a participant's personal link (the token is the key); the code form
  "routes/staff.events.$eventId.evaluation": "staff",
  "routes/evaluations.$token": "public",
  "routes/evaluation": "public",
  // privacy: anyone's own data behind a mailed link (the token is the key), and staff's search for one person
  "routes/privacy_.my-data": "public",
  "routes/privacy_.my-data_.$token": "public",
  "routes/privacy_.my-data_.$token_.data[.]json": "public",
  "routes/privacy_.my-data_.$token_.data[.]csv": "public",
  "routes/staff.people": "staff",
  "routes/staff.people_.data[.]json": "staff",
  "routes/staff.people_.data[.]csv": "staff",
  // the yearly status of the action plan (issue 10): staff see it and its exports, admins keep tracks and budgets
  "routes/staff.status": "staff",
  "routes/staff.status_.print": "staff",
  "routes/staff.status[.]xlsx": "staff",
  "routes/staff.tracks": "admin",
  "routes/$": "public",
  // two-factor sign-in (issue 11, part 2; docs/decisions/0022-second-factor.md): the second step after a password and
  // the passkey ceremonies are reached before there is a session; the rest is one's own account
  "routes/login_.verify": "public",
  "routes/login_.passkey": "public",
  "routes/account.security": "user",
  "routes/account.passkeys": "user",
} as const satisfies Record<string, Access>;

export type RouteId = keyof typeof routeAccess;

/**
 * Public pages the page cache may keep (app/lib/page-cache.server.ts): the same for every visitor without a session
 * in one language, made only from the tables the PublicDataVersion triggers watch, and holding no personal data.
 * Never a page behind a token (/registrations/…, /invitations/…) or one that reads a cookie other than the language.
 */
export const cachedRoutes = [
  "routes/_index",
  "routes/events._index",
  "routes/events.$eventId",
  "routes/events.$eventId_.calendar[.]ics",
  "routes/calendar[.]ics",
  "routes/forum._index",
  "routes/forum.charter",
  "routes/forum.members",
  "routes/privacy",
  "routes/accessibility",
  "routes/was",
  "routes/contact",
] as const satisfies readonly RouteId[];

/**
 * Pages behind a secret link: the token in the address is the key. Every answer at these addresses (pages, their
 * .data requests, errors, files) carries `Cache-Control: no-store` and `Referrer-Policy: no-referrer`, set in one
 * place (app/lib/security.server.ts), and an unknown token answers 404 (410 for a used-up one-time link). The server
 * refuses to start when a route with a `$token` in its address is missing here (app/lib/guard.server.ts).
 */
export const secretLinkRoutes = [
  "routes/registrations.$token",
  "routes/registrations.$token_.calendar[.]ics",
  "routes/registrations.offer.$token",
  "routes/invitations.$token",
  "routes/unsubscribe.$token",
  "routes/forum.confirm.$token",
  "routes/forum.join.$token",
  "routes/reset-password.$token",
  "routes/invitation.$token",
  "routes/calendar.member.$token.feed[.]ics",
  "routes/evaluations.$token",
  "routes/privacy_.my-data_.$token",
  "routes/privacy_.my-data_.$token_.data[.]json",
  "routes/privacy_.my-data_.$token_.data[.]csv",
] as const satisfies readonly RouteId[];

export function isSecretLinkRoute(routeId: string): boolean {
  return (secretLinkRoutes as readonly string[]).includes(routeId);
}

export function accessFor(routeId: string): Access | undefined {
  return (routeAccess as Record<string, Access>)[routeId];
}
