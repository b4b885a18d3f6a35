import type { ServerBuild } from "@remix-run/node";

/** A route's whole address as segments, parents first ("routes/registrations.offer.$token" → registrations, offer, :token). */
export function routeSegments(build: Pick<ServerBuild, "routes">, id: string): string[] {
  const route = build.routes[id];
  if (!route) throw new Error(`Route "${id}" is not in the build`);
  const own = route.path ? route.path.split("/").filter(Boolean) : [];
  return route.parentId ? [...routeSegments(build, route.parentId), ...own] : own;
}

/**
 * The addresses a route answers at, as a pattern matched like Remix matches (case-insensitive, optional trailing /);
 * with `data`, also its single-fetch data address (`….data`).
 */
export function routePattern(segments: string[], { data = false } = {}): RegExp {
  const body = segments.map((s) => (s.startsWith(":") ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("/");
  return new RegExp(`^/${body}${data ? "(?:\\.data)?" : ""}/?$`, "i");
}
