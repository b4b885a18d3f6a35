/**
 * Every address the portal gives a person to open, in one place: pages link with `paths.x(…)`, and mail and calendar
 * files use the whole URLs of app/lib/urls.server.ts (`urls.x(…)`), made from these. Nothing else writes an address
 * by hand. No server code here, so pages may import it.
 */
export type Answer = "yes" | "no" | "maybe";

export const paths = {
  /**
   * The one public address of an event: a discreet event's opaque short id (no word of its topic reaches the address
   * bar or the browser history), else its readable slug.
   */
  publicEvent: (event: { slug: string; shortId: string; discreet: boolean }) => `/events/${encodeURIComponent(event.discreet ? event.shortId : event.slug)}`,
  login: () => "/login",
  forgotPassword: () => "/forgot-password",
  passwordReset: (token: string) => `/reset-password/${token}`,
  staffInvitation: (token: string) => `/invitation/${token}`,
  /** A relative's own page for a registration: change, cancel, calendar file. */
  registration: (token: string) => `/registrations/${token}`,
  /** A waitlist offer to accept or decline. */
  offer: (token: string) => `/registrations/offer/${token}`,
  invitationAnswer: (token: string, answer?: Answer) => `/invitations/${token}${answer ? `?answer=${answer}` : ""}`,
  unsubscribe: (token: string) => `/unsubscribe/${token}`,
  evaluation: (token: string) => `/evaluations/${token}`,
  evaluationCode: () => "/evaluation",
  myData: (token: string) => `/privacy/my-data/${token}`,
  forumConfirm: (token: string) => `/forum/confirm/${token}`,
  forumApplication: () => "/forum/application",
  contactInvite: (token: string) => `/forum/join/${token}`,
  member: () => "/member",
  memberCharter: () => "/member/charter",
  memberFeed: (token: string) => `/calendar/member/${token}/feed.ics`,
  /** One public event's calendar file, at the event's one public address. */
  eventCalendar: (event: { slug: string; shortId: string; discreet: boolean }) => `${paths.publicEvent(event)}/calendar.ics`,
  /** The public feed of every public event (offered as webcal: too). */
  publicFeed: () => "/calendar.ics",
  /** Staff's page of one event (edit, publish, cancel, and the links to its other staff pages). */
  staffEvent: (eventId: string) => `/staff/events/${encodeURIComponent(eventId)}`,
} as const;

