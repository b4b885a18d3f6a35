import { describe, expect, test } from "vitest";
import { EnvError, parseEnv as parseProcessEnv } from "~/lib/env.server";

const parseEnv = (source: Record<string, string | undefined>) => parseProcessEnv(source as NodeJS.ProcessEnv);

const production = {
  NODE_ENV: "production",
  APP_URL: "https://vink.kk.dk",
  SMTP_URL: "smtp://mail.kk.dk:587",
  MAIL_FROM: "VINK <vink@kk.dk>",
  DATABASE_URL: "file:/var/lib/vink/vink.db",
  SECRET_KEY: "a-production-secret-key-of-48-characters-0123456",
};

/** The message parseEnv refuses with, or a failure when it accepts. */
function refusal(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  throw new Error(`parseEnv accepted ${JSON.stringify(source)}`);
}

describe("parseEnv", () => {
  test("accepts a complete production configuration", () => {
    const env = parseEnv(production);
    expect(env.APP_URL).toBe("https://vink.kk.dk");
    expect(env.SMTP_URL).toBe("smtp://mail.kk.dk:587");
    expect(env.MAIL_FROM).toBe("VINK <vink@kk.dk>");
  });

  for (const key of ["APP_URL", "SMTP_URL", "MAIL_FROM", "DATABASE_URL", "SECRET_KEY"] as const) {
    test(`refuses a production start without ${key}, with one line that names it`, () => {
      const message = refusal({ ...production, [key]: undefined });
      expect(message).toBe(`Setting ${key} is required in production`);
      expect(message).not.toContain("\n");
    });
  }

  test("refuses an SMTP_URL that is not smtp:// or smtps://", () => {
    for (const value of ["http://mail.kk.dk", "mail.kk.dk:25", "smtp:/mail"]) {
      const message = refusal({ ...production, SMTP_URL: value });
      expect(message).toMatch(/^Setting SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
      expect(message).not.toContain("\n");
    }
    expect(parseEnv({ ...production, SMTP_URL: "smtps://user:pass@mail.kk.dk:465" }).SMTP_URL).toContain("smtps://");
  });

  test("refuses a DATABASE_URL that is not a SQLite file URL", () => {
    for (const value of ["postgres://db/vink", "./data/vink.db", ""]) {
      const message = refusal({ ...production, DATABASE_URL: value });
      expect(message).toMatch(/^Setting DATABASE_URL must be a SQLite file URL/);
      expect(message).not.toContain("\n");
    }
  });

  test("refuses an APP_URL that is not a URL, and a PORT out of range", () => {
    expect(refusal({ ...production, APP_URL: "vink.kk.dk" })).toMatch(/^Setting APP_URL /);
    expect(refusal({ ...production, PORT: "70000" })).toMatch(/^Setting PORT /);
    expect(refusal({ ...production, NODE_ENV: "staging" })).toMatch(/^Setting NODE_ENV /);
  });

  test("keeps only the origin of APP_URL, so the Origin check compares like with like", () => {
    expect(parseEnv({ ...production, APP_URL: "https://vink.kk.dk/portal/" }).APP_URL).toBe("https://vink.kk.dk");
  });

  test("accepts defaults in development", () => {
    const env = parseEnv({});
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toMatch(/^file:/);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe("VINK <vink@kk.dk>");
    expect(env.TRUST_PROXY).toBe(false);
    expect(parseEnv({ PORT: "4000" }).APP_URL).toBe("http://localhost:4000");
  });
});
