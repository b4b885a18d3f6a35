import { Writable } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";

// The Express server (app/server.js) reaches these through the build, so the whole app is one module graph.
import { createLoadContext as createContext } from "./lib/context.server";
import { hasActiveMembership } from "./models/membership.server";
export { guardBuild } from "./lib/guard.server";
export { createSecretLinkHeaders, securityMiddleware } from "./lib/security.server";
export { createPageCache } from "./lib/page-cache.server";
export { onePagePerTurn } from "./lib/turns.server";
export { stopBackgroundWork } from "./lib/worker.server";
export { startWorker as startBackgroundWork } from "./scheduled-tasks.server";
export { mailDestination } from "./lib/mail-worker.server";
export { checkDatabase } from "./lib/health.server";
export { prepareDb } from "./lib/db.server";
export { env } from "./lib/env.server";

/** The request's context, with what it asks the areas (a member's standing) given here, outside app/lib. */
export const createLoadContext = (...[req, res]: Parameters<typeof createContext>) => createContext(req, res, { isActiveMember: hasActiveMembership });

const ABORT_DELAY = 5_000;

/**
 * The page is made whole, then sent in one piece (docs/decisions/0030-frame-cost.md). No route suspends, so a
 * streamed answer gave the browser nothing earlier: it only cut the page into a dozen chunks, each carried through
 * a Node stream, a web stream and the compressor on its own. The abort after ABORT_DELAY stays.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // the status as it stood when the shell was ready, as a streamed answer would have sent it
    let status = responseStatusCode;
    const chunks: Buffer[] = [];
    const page = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
      final(done) {
        clearTimeout(timer);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status }));
        done();
      },
    });
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
          status = responseStatusCode;
        },
        onAllReady() {
          pipe(page);
        },
        onShellError(error: unknown) {
          clearTimeout(timer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    // React calls back from a later turn (setImmediate), never before this line
    const timer = setTimeout(abort, ABORT_DELAY);
  });
}
