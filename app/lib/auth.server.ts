import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser } from "lucia";
import type { Role } from "~/generated/prisma/client";
import { hashToken, randomToken } from "./crypto.server";
import { db, readRow, sqliteDate } from "./db.server";
import { env, isHttps } from "./env.server";
import { isStaffRole } from "./roles";

/**
 * lucia 3 with our own adapter (docs/decisions/0003-lucia-own-adapter.md):
 * - the database keeps the SHA-256 of the session id, never the id;
 * - a session ends at its absolute lifetime (SESSION_MAX_HOURS from creation), however active; lucia alone would
 *   slide it forever. The idle expiry (SESSION_IDLE_HOURS) is lucia's own sliding expiry.
 */
class HashedPrismaAdapter implements Adapter {
  private maxAgeMs() {
    return env().SESSION_MAX_HOURS * 3600_000;
  }

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = readSession(hashToken(sessionId));
    if (!row) return [null, null];
    if (sqliteDate(row.createdAt).getTime() + this.maxAgeMs() <= Date.now() || row.disabledAt !== null) {
      await db.session.deleteMany({ where: { id: row.id } });
      return [null, null];
    }
    // "last active" for the list of devices, written at most every few minutes rather than at every request
    if (row.lastActiveAt === null || Date.now() - sqliteDate(row.lastActiveAt).getTime() > LAST_ACTIVE_GRANULARITY_MS) {
      await db.session.updateMany({ where: { id: row.id }, data: { lastActiveAt: new Date() } });
    }
    const secondFactor = row.totpConfirmedAt !== null || row.passkeys > 0;
    return [
      { id: sessionId, userId: row.userId, expiresAt: sqliteDate(row.expiresAt), attributes: {} },
      { id: row.userId, attributes: { email: row.email, name: row.name, role: row.role, locale: row.locale, secondFactor } },
    ];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    // Only hashes are stored, so the ids handed back cannot be used to sign in; lucia uses them for listing only.
    const rows = await db.session.findMany({ where: { userId } });
    return rows.map((r) => ({ id: r.id, userId: r.userId, expiresAt: r.expiresAt, attributes: {} }));
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const { userAgent: given } = session.attributes as { userAgent?: unknown };
    const userAgent = typeof given === "string" ? given.slice(0, 300) : null;
    await db.session.create({
      data: { id: hashToken(session.id), userId: session.userId, expiresAt: session.expiresAt, userAgent, lastActiveAt: new Date() },
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    const id = hashToken(sessionId);
    const row = await db.session.findUnique({ where: { id }, select: { createdAt: true } });
    if (!row) return;
    const cap = new Date(row.createdAt.getTime() + this.maxAgeMs());
    await db.session.updateMany({ where: { id }, data: { expiresAt: expiresAt < cap ? expiresAt : cap } });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await db.session.deleteMany({ where: { id: hashToken(sessionId) } });
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await db.session.deleteMany({ where: { userId } });
  }

  async deleteExpiredSessions(): Promise<void> {
    const oldest = new Date(Date.now() - this.maxAgeMs());
    await db.session.deleteMany({ where: { OR: [{ expiresAt: { lte: new Date() } }, { createdAt: { lte: oldest } }] } });
  }
}

const LAST_ACTIVE_GRANULARITY_MS = 5 * 60_000;

/** A session with its user and whether the user has a second factor: what every signed-in request needs. */
type SessionRow = {
  id: string;
  userId: string;
  expiresAt: string | number;
  createdAt: string | number;
  lastActiveAt: string | number | null;
  email: string;
  name: string;
  role: Role;
  locale: string;
  disabledAt: string | number | null;
  totpConfirmedAt: string | number | null;
  passkeys: number;
};

/** The session and its user in one read (readRow: a prepared statement on a read-only connection, decision 0030). */
function readSession(hashedId: string): SessionRow | undefined {
  return readRow<SessionRow>(
    `SELECT s."id", s."userId", s."expiresAt", s."createdAt", s."lastActiveAt",
            u."email", u."name", u."role", u."locale", u."disabledAt",
            t."confirmedAt" AS "totpConfirmedAt",
            (SELECT COUNT(*) FROM "Passkey" p WHERE p."userId" = u."id") AS "passkeys"
       FROM "Session" s
       JOIN "User" u ON u."id" = s."userId"
       LEFT JOIN "TotpFactor" t ON t."userId" = u."id"
      WHERE s."id" = ?`,
    hashedId,
  );
}

/** `secondFactor`: the user has a confirmed authenticator app or a passkey (docs/decisions/0022-second-factor.md). */
type UserAttributes = { email: string; name: string; role: Role; locale: string; secondFactor: boolean };

function createLucia() {
  const secure = isHttps();
  return new Lucia<{ userAgent?: string | null }, UserAttributes>(new HashedPrismaAdapter(), {
    sessionExpiresIn: new TimeSpan(env().SESSION_IDLE_HOURS * 60, "m"),
    sessionCookie: {
      // __Host- binds the cookie to this origin (no Domain, Path=/, Secure): only possible under https
      name: secure ? "__Host-vink_session" : "vink_session",
      expires: true,
      attributes: { secure, sameSite: "lax" },
    },
    getUserAttributes: (attributes) => attributes as unknown as UserAttributes,
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
export function lucia() {
  instance ??= createLucia();
  return instance;
}

export type SessionUser = { id: string } & UserAttributes;

/** Reads and validates the session cookie; returns the user and the Set-Cookie header to send, if any. */
export async function validateRequestSession(cookieHeader: string | null | undefined) {
  const sessionId = readSessionId(cookieHeader ?? "");
  if (!sessionId) return { user: null, session: null, setCookie: null } as const;
  const { user, session } = await lucia().validateSession(sessionId);
  if (!session) return { user: null, session: null, setCookie: lucia().createBlankSessionCookie().serialize() } as const;
  const setCookie = session.fresh ? lucia().createSessionCookie(session.id).serialize() : null;
  return { user: user as SessionUser, session, setCookie } as const;
}

/**
 * Our cookie's value alone: lucia's reader decodes every cookie in the header and throws on one it cannot
 * ("%%%", ours or another site's on the same host), which made every page a 500. Unreadable is no session.
 */
function readSessionId(cookieHeader: string): string | null {
  return readCookie(cookieHeader, lucia().sessionCookieName);
}

function readCookie(cookieHeader: string, name: string): string | null {
  for (const pair of cookieHeader.split(";")) {
    const at = pair.indexOf("=");
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    const value = pair.slice(at + 1).trim();
    return /^[A-Za-z0-9_-]+$/.test(value) ? value : null;
  }
  return null;
}

/** A new session at every sign-in (no fixation); returns the Set-Cookie header. */
export async function startSession(userId: string, userAgent?: string | null): Promise<string> {
  const session = await lucia().createSession(userId, { userAgent }, { sessionId: randomToken() });
  return lucia().createSessionCookie(session.id).serialize();
}

export async function endSession(sessionId: string): Promise<string> {
  await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}

export async function endAllSessions(userId: string, tx: { session: typeof db.session } = db): Promise<void> {
  await tx.session.deleteMany({ where: { userId } });
}

/** Staff and admins see relatives' data: they must have a second factor (docs/decisions/0022-second-factor.md). */
export function roleNeedsSecondFactor(role: Role | string) {
  return isStaffRole(role);
}

/** Signed in, but held at /account/security until a second factor is set up. */
export function mustEnrol(user: Pick<SessionUser, "role" | "secondFactor">) {
  return roleNeedsSecondFactor(user.role) && !user.secondFactor;
}

// ---------------------------------------------------------------------------------------------------------------
// The pending sign-in: after the password, before the second factor (a short-lived cookie, hashed in the database)

export const PENDING_SIGN_IN_MS = 10 * 60_000;

function pendingCookieName() {
  return isHttps() ? "__Host-vink_pending" : "vink_pending";
}

export function pendingCookie(token: string | null) {
  const attributes = ["Path=/", "HttpOnly", "SameSite=Lax", isHttps() ? "Secure" : ""].filter(Boolean).join("; ");
  return token
    ? `${pendingCookieName()}=${token}; Max-Age=${PENDING_SIGN_IN_MS / 1000}; ${attributes}`
    : `${pendingCookieName()}=; Max-Age=0; ${attributes}`;
}

export function readPendingToken(cookieHeader: string | null | undefined): string | null {
  return readCookie(cookieHeader ?? "", pendingCookieName());
}
