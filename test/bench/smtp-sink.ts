/**
 * The invitation benchmark's SMTP server: it accepts and counts, nothing more. It runs in a process of its own (as a
 * mail server would be another machine): receiving 5,000 messages in the benchmark's own process would hold up the
 * load generator's event loop and show up as page latency that the portal did not cause. Reports over IPC.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SinkStats = { count: number; first: number; last: number };

const arrivals: number[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on("end", () => {
      arrivals.push(Date.now());
      callback();
    });
  },
});
server.listen(0, "127.0.0.1", () => process.send?.({ port: (server.server.address() as AddressInfo).port }));
process.on("message", (message) => {
  if (message === "stats") process.send?.({ count: arrivals.length, first: arrivals[0] ?? 0, last: arrivals.at(-1) ?? 0 } satisfies SinkStats);
});
process.on("disconnect", () => server.close(() => process.exit(0)));
