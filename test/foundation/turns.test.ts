import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { onePagePerTurn } from "~/lib/turns.server";

/** One turn of the event loop: resolves in the check phase after the immediates queued before it. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function arrive(middleware: ReturnType<typeof onePagePerTurn>, started: string[], name: string, socket = { destroyed: false }) {
  void middleware({ socket } as unknown as Request, {} as Response, () => started.push(name));
  return socket;
}

describe("pages start one per turn of the event loop, in arrival order (app/lib/turns.server.ts)", () => {
  it("requests that arrive together start one per turn, first come first served", async () => {
    const middleware = onePagePerTurn();
    const started: string[] = [];
    for (const name of ["a", "b", "c"]) arrive(middleware, started, name);
    expect(started).toEqual([]); // not in the turn they arrived in: the loop gets to accept and read first
    await turn();
    expect(started).toEqual(["a"]);
    arrive(middleware, started, "d");
    await turn();
    expect(started).toEqual(["a", "b"]);
    await turn();
    await turn();
    expect(started).toEqual(["a", "b", "c", "d"]);
    await turn();
    expect(started).toEqual(["a", "b", "c", "d"]);
  });

  it("a request arriving when none wait starts at the next turn, and one whose connection closed is never started", async () => {
    const middleware = onePagePerTurn();
    const started: string[] = [];
    arrive(middleware, started, "a");
    await turn();
    await turn();
    expect(started).toEqual(["a"]);
    const gone = arrive(middleware, started, "gone");
    arrive(middleware, started, "b");
    gone.destroyed = true;
    await turn();
    await turn();
    expect(started).toEqual(["a", "b"]);
  });
});
