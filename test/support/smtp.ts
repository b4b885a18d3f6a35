import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { envelope: { from: string; to: string[] }; raw: string; mail: ParsedMail };

/**
 * A real SMTP server on loopback for tests. It can be stopped and started again on the same port, to show that a
 * mail server that is away delays mail and loses none.
 */
export class TestSmtp {
  received: Received[] = [];
  /** SMTP connections opened since the start (or the last clear()), and the most open at once */
  connections = 0;
  mostOpenAtOnce = 0;
  private open = 0;
  private server: SMTPServer | undefined;
  port = 0;

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // stop() is a server going away: it drops the connections a pool keeps open instead of waiting 30 s for them
      closeTimeout: 100,
      onConnect: (_session, callback) => {
        this.connections++;
        this.mostOpenAtOnce = Math.max(this.mostOpenAtOnce, ++this.open);
        callback();
      },
      onClose: () => {
        this.open--;
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          // a message the parser cannot read is refused to the sender, not lost in an unhandled rejection
          simpleParser(raw).then((mail) => {
            this.received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              mail,
            });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop() {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until at least `count` messages (matching `filter`) have arrived. */
  async waitFor(count: number, filter: (r: Received) => boolean = () => true, timeoutMs = 15_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter(filter);
      if (found.length >= count) return found;
      if (Date.now() > until) throw new Error(`Expected ${count} messages, got ${found.length}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  to(address: string) {
    return this.received.filter((r) => r.envelope.to.includes(address.toLowerCase()));
  }

  clear() {
    this.received = [];
    this.connections = 0;
    this.mostOpenAtOnce = this.open;
  }
}

export async function startTestSmtp() {
  return new TestSmtp().start();
}
