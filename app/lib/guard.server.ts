import { redirect, type ActionFunction, type AppLoadContext, type LoaderFunction, type ServerBuild } from "@remix-run/node";
import { accessFor, cachedRoutes, isSecretLinkRoute, type Access } from "./access";
import { mustEnrol } from "./auth.server";
import { assertFormBody, passOnHeaders } from "./http.server";
import { isAdminRole, isStaffRole } from "./roles";

/**
 * What a member of staff without a second factor may reach besides public pages: setting one up
 * (docs/decisions/0022-second-factor.md). Everything else sends them there, by structure, as the access check does.
 */
const enrolmentRoutes: readonly string[] = ["routes/account.security", "routes/account.passkeys"];

/**
 * Deny by default, by structure: every loader and action in the build is wrapped in the check for its route's
 * declared access (app/lib/access.ts). A route without a declaration stops the server at start-up.
 */
const guarded = new WeakMap<ServerBuild, ServerBuild>();

export function guardBuild(build: ServerBuild): ServerBuild {
  const done = guarded.get(build);
  if (done) return done;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const access = accessFor(id);
    if (!access) throw new Error(`Route "${id}" has no access declaration in app/lib/access.ts`);
    // a token in the address is a secret link: it must get the secret-link headers and never be cached
    if (/(^|\/):[^/]*token[^/]*(\/|$)/i.test(route.path ?? "") && !isSecretLinkRoute(id)) {
      throw new Error(`Route "${id}" takes a token in its address and must be declared in secretLinkRoutes (app/lib/access.ts)`);
    }
    if (isSecretLinkRoute(id) && (cachedRoutes as readonly string[]).includes(id)) {
      throw new Error(`Route "${id}" is behind a secret link and may not be in cachedRoutes`);
    }
    const mod = route.module;
    if (access !== "public" && !mod.loader) {
      // Without a loader a client-side navigation would never ask the server, so nothing could refuse it.
      throw new Error(`Route "${id}" is ${access}-only and must have a loader`);
    }
    routes[id] = {
      ...route,
      module: {
        ...mod,
        loader: mod.loader ? wrap(id, access, mod.loader) : undefined,
        action: mod.action ? wrap(id, access, mod.action, assertFormBody) : undefined,
        // Remix drops an answer's own headers but Set-Cookie: a 429 must keep its Retry-After
        headers: passOnHeaders(typeof mod.headers === "function" ? mod.headers : mod.headers ? () => new Headers(mod.headers as HeadersInit) : undefined),
      },
    };
  }
  const result = { ...build, routes };
  guarded.set(build, result);
  return result;
}

function wrap<F extends LoaderFunction | ActionFunction>(routeId: string, access: Access, fn: F, checkRequest?: (request: Request) => Promise<void>): F {
  const wrapped = async (args: Parameters<F>[0]) => {
    await enforce(access, args.request, args.context, routeId);
    // a malformed body is the sender's mistake (400/415), decided here once rather than a 500 from each action
    await checkRequest?.(args.request);
    return fn(args);
  };
  return wrapped as F;
}

async function enforce(access: Access, request: Request, context: AppLoadContext, routeId?: string) {
  if (access === "public") return;
  const user = context.user;
  if (!user) {
    const url = new URL(request.url);
    const path = url.pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
    url.searchParams.delete("_data");
    url.searchParams.delete("_routes");
    const search = url.searchParams.toString();
    throw redirect(`/login?redirectTo=${encodeURIComponent(path + (search ? `?${search}` : ""))}`);
  }
  // staff without a second factor: nothing but enrolment (a route id that is not given counts as not enrolment)
  if (mustEnrol(user) && !(routeId && enrolmentRoutes.includes(routeId))) throw redirect("/account/security");
  if (!(await permits(access, user.role, context.isActiveMember))) {
    throw new Response("Forbidden", { status: 403, statusText: "Forbidden" });
  }
}

async function permits(access: Access, role: string, isActiveMember: () => Promise<boolean>): Promise<boolean> {
  switch (access) {
    case "public":
    case "user":
      return true;
    case "member":
      return role === "MEMBER" && (await isActiveMember());
    case "staff":
      return isStaffRole(role);
    case "admin":
      return isAdminRole(role);
  }
}
