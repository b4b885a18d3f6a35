import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { validateRequestSession, type SessionUser } from "./auth.server";
import type { Locale } from "./i18n";
import { localeFrom } from "./locale.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    nonce: string;
    user: SessionUser | null;
    sessionId: string | null;
    locale: Locale;
    clientIp: string;
    /** the browser's User-Agent, for the list of signed-in devices (issue 11, second factors) */
    userAgent: string | null;
    /** whether the signed-in user is a contact of an active forum member, asked at most once per request */
    isActiveMember: () => Promise<boolean>;
  }
}

/** What the context asks the areas (app/entry.server.tsx gives it; app/lib knows no area). */
export type ContextServices = { isActiveMember: (userId: string) => Promise<boolean> };

/** Built once per request by the Express server: who is signed in (refreshing the cookie when lucia slides it). */
export async function createLoadContext(req: ExpressRequest, res: ExpressResponse, services: ContextServices) {
  const { user, session, setCookie } = await validateRequestSession(req.headers.cookie);
  if (setCookie) res.append("Set-Cookie", setCookie);
  // Pages for signed-in users must not be kept by a shared computer's browser cache or a proxy.
  if (user || setCookie) res.setHeader("Cache-Control", "no-store");
  return {
    nonce: String(res.locals.nonce ?? ""),
    user,
    sessionId: session?.id ?? null,
    locale: localeFrom(req.headers.cookie, req.headers["accept-language"]),
    clientIp: req.ip ?? "unknown",
    userAgent: req.headers["user-agent"] ?? null,
    isActiveMember: once(() => (user?.role === "MEMBER" ? services.isActiveMember(user.id) : Promise.resolve(false))),
  };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
