import { describe, expect, test } from "vitest";
import { keyedHash, openSecret, sealSecret } from "~/lib/crypto.server";

describe("secrets sealed with SECRET_KEY", () => {
  test("a sealed secret opens for its own purpose only, and each sealing differs", () => {
    const a = sealSecret("totp", "JBSWY3DPEHPK3PXP");
    const b = sealSecret("totp", "JBSWY3DPEHPK3PXP");
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret("totp", a)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret("other", a)).toBeNull();
  });

  test("an altered or malformed sealing opens to nothing", () => {
    const sealed = sealSecret("totp", "secret");
    const [v, iv, tag, data] = sealed.split(".");
    const flipped = Buffer.from(data!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(openSecret("totp", [v, iv, tag, flipped.toString("base64url")].join("."))).toBeNull();
    expect(openSecret("totp", "v1.x")).toBeNull();
    expect(openSecret("totp", "secret")).toBeNull();
  });

  test("a keyed hash is stable per value and purpose and is not the plain SHA-256", async () => {
    const { sha256Hex } = await import("~/lib/crypto.server");
    expect(keyedHash("person", "hanne@example.dk")).toBe(keyedHash("person", "hanne@example.dk"));
    expect(keyedHash("person", "hanne@example.dk")).not.toBe(keyedHash("person", "hans@example.dk"));
    expect(keyedHash("person", "hanne@example.dk")).not.toBe(keyedHash("other", "hanne@example.dk"));
    expect(keyedHash("person", "hanne@example.dk")).not.toBe(sha256Hex("hanne@example.dk"));
  });
});
