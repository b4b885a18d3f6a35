import { env } from "./env.server";
import { paths } from "./urls";

/**
 * The whole URLs of app/lib/urls.ts's paths, for mail and calendar files, which are read outside the site:
 * `urls.registration(token)` is `absolute(paths.registration(token))`. A model never writes `${env().APP_URL}/…`.
 */
function absolute(path: string): string {
  return `${env().APP_URL}${path}`;
}

/** The site's host name (the address shown for typing in the evaluation code, the public calendar's host). */
export function siteHost(): string {
  return new URL(env().APP_URL).host;
}

export const urls = Object.fromEntries(
  Object.entries(paths).map(([name, path]) => [name, (...args: never[]) => absolute((path as (...a: never[]) => string)(...args))]),
) as { [K in keyof typeof paths]: (typeof paths)[K] };
