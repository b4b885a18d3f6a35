import { data, type HeadersFunction } from "@remix-run/node";

/** Throws a response (404 by default) unless the condition holds. */
export function invariantResponse(condition: unknown, message = "Not found", init: ResponseInit = { status: 404 }): asserts condition {
  if (!condition) throw new Response(message, { statusText: message, ...init });
}

export function notFound(): never {
  throw new Response("Not found", { status: 404, statusText: "Not found" });
}

/** Only same-site paths: "/staff" yes, "//evil.example" and "https://evil.example" no. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  if (/[\r\n\t\0]/.test(to)) return fallback;
  return to;
}

/** A 429 with Retry-After; the header reaches the browser through `passOnHeaders`, which the guard gives every route. */
export function tooManyRequests(retryAfterSeconds: number) {
  return data(
    { errors: { _form: "error.tooManyBody" }, values: {} as Record<string, string> },
    { status: 429, headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } },
  );
}

/** What a form action reads: what a browser's form sends (and Remix's submit with its default encodings). */
const formBody = /^(?:application\/x-www-form-urlencoded|multipart\/form-data)\s*(?:;|$)/i;

/**
 * Every action's body, checked once before the action runs (the guard calls this for every action in the build):
 * 415 for a body that is not a form (JSON, text, none), 400 for a form that cannot be read (broken multipart).
 * The action then reads its own copy as usual.
 */
export async function assertFormBody(request: Request) {
  if (!formBody.test(request.headers.get("Content-Type") ?? "")) {
    throw new Response("Unsupported Media Type", { status: 415, statusText: "Unsupported Media Type" });
  }
  try {
    await request.clone().formData();
  } catch {
    throw new Response("Bad Request", { status: 400, statusText: "Bad Request" });
  }
}

/** Headers of an action's or loader's own answer that must reach the client (Remix passes on only Set-Cookie). */
const passedOn = ["Retry-After"];

/**
 * Every route's `headers` (the guard sets it on each route in the build): what the route's own `headers` says, or
 * else the parent's as Remix does, plus the `passedOn` headers of this route's answer or error (a 429's Retry-After).
 */
export function passOnHeaders(own?: HeadersFunction): HeadersFunction {
  return (args) => {
    const headers = new Headers(own ? own(args) : args.parentHeaders);
    for (const name of passedOn) {
      const value = args.errorHeaders?.get(name) ?? args.actionHeaders.get(name) ?? args.loaderHeaders.get(name);
      if (value) headers.set(name, value);
    }
    return headers;
  };
}
