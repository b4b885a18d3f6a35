import type { RequestHandler } from "express";

/**
 * Pages start in the order they arrived, one per turn of the event loop (docs/decisions/0030-frame-cost.md).
 *
 * libuv accepts one new connection per turn of the loop (libuv#3696; Node 20 has libuv 1.46). A page's work up to its
 * render never returns to the loop, because the SQLite driver answers synchronously, so one turn used to start every
 * request that had arrived since the last: at 50 busy connections a turn took a few hundred milliseconds, and a new
 * connection waited one such turn for each connection before it in the accept queue, seconds in all (p99 of 2–4 s
 * at 50 connections, the median ~0.3 s). Started one per turn, turns stay a page long, new connections are accepted
 * between pages, and pages are served first come, first served.
 *
 * It orders when a request starts, not how many run: a request that waits (for its body, or argon2) lets the next
 * one start at the next turn. A request whose connection closed while it waited is not started.
 */
export function onePagePerTurn(): RequestHandler {
  const waiting: { socket: { destroyed: boolean }; start: () => void }[] = [];
  let scheduled = false;
  const startNext = () => {
    const request = waiting.shift();
    if (request && !request.socket.destroyed) request.start();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(startNext);
  };
  return (req, _res, next) => {
    waiting.push({ socket: req.socket, start: () => next() });
    if (!scheduled) {
      scheduled = true;
      setImmediate(startNext);
    }
  };
}
