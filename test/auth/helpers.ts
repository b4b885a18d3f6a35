import type { AppLoadContext } from "@remix-run/node";
import { validateRequestSession } from "~/lib/auth.server";
import { hasActiveMembership } from "~/models/membership.server";

/** What a route's action or loader gave back, whether it threw or returned a Response, or returned data(). */
export type Outcome = { status: number; headers: Headers; body: unknown };

type Handler = (args: { request: Request; context: AppLoadContext; params: Record<string, string> }) => unknown;

export function context(overrides: Partial<AppLoadContext> = {}): AppLoadContext {
  const user = overrides.user ?? null;
  return {
    user: null,
    sessionId: null,
    locale: "da",
    clientIp: "203.0.113.7",
    nonce: "test",
    isActiveMember: () => (user?.role === "MEMBER" ? hasActiveMembership(user.id) : Promise.resolve(false)),
    ...overrides,
  } as AppLoadContext;
}

/** The context a request with this Set-Cookie's session would get. */
export async function contextFromCookie(setCookie: string, overrides: Partial<AppLoadContext> = {}) {
  const { user, session } = await validateRequestSession(cookiePair(setCookie));
  return context({ user, sessionId: session?.id ?? null, ...overrides });
}

/** "vink_session=abc; Path=/; ..." -> "vink_session=abc" */
export function cookiePair(setCookie: string) {
  return setCookie.split(";")[0]!;
}

export function sessionIdOf(setCookie: string) {
  return cookiePair(setCookie).split("=")[1]!;
}

export async function call(
  handler: Handler,
  options: { path: string; form?: Record<string, string>; context?: AppLoadContext; params?: Record<string, string> },
): Promise<Outcome> {
  const init: RequestInit = options.form ? { method: "POST", body: new URLSearchParams(options.form) } : {};
  const request = new Request(`http://localhost:3999${options.path}`, init);
  let result: unknown;
  try {
    result = await handler({ request, context: options.context ?? context(), params: options.params ?? {} });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: null };
  // Remix's data(): { type: "DataWithResponseInit", data, init }
  const wrapped = result as { type?: string; data?: unknown; init?: ResponseInit | null };
  if (wrapped && wrapped.type === "DataWithResponseInit") {
    return { status: wrapped.init?.status ?? 200, headers: new Headers(wrapped.init?.headers), body: wrapped.data };
  }
  return { status: 200, headers: new Headers(), body: result };
}
