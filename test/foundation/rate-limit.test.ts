import { describe, expect, it } from "vitest";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";

describe("the limits on forms that send mail", () => {
  it("one recipient gets at most five mails in ten minutes, however many networks ask", async () => {
    const t = new Date("2026-06-01T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      expect(await consumeMailQuota([networkBucket("signup", `198.51.100.${i}`), "signup:to:mor@example.dk"], t)).toMatchObject({ ok: true });
    }
    expect(await consumeMailQuota([networkBucket("signup", "198.51.100.50"), "signup:to:mor@example.dk"], t)).toMatchObject({ ok: false, retryAfterS: 600 });
  });

  it("thirty people behind one network address may sign up; the thirty-first waits, and after ten minutes may too", async () => {
    const t = new Date("2026-06-02T10:00:00Z");
    for (let i = 0; i < 30; i++) {
      expect(await consumeMailQuota([networkBucket("signup", "203.0.113.7"), `signup:to:forælder${i}@example.dk`], t), `person ${i + 1}`).toMatchObject({ ok: true });
    }
    const refused = await consumeMailQuota([networkBucket("signup", "203.0.113.7"), "signup:to:sidste@example.dk"], t);
    expect(refused).toMatchObject({ ok: false, retryAfterS: 600 });
    // a refused attempt is not counted against the recipient
    const later = new Date(t.getTime() + 600_001);
    expect(await consumeMailQuota([networkBucket("signup", "203.0.113.7"), "signup:to:sidste@example.dk"], later)).toMatchObject({ ok: true });
    // another form's bucket from the same network is its own
    expect(await consumeMailQuota([networkBucket("forum-apply", "203.0.113.7"), "forum-apply:to:forening@example.dk"], t)).toMatchObject({ ok: true });
  });
});
