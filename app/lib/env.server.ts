import { z } from "zod";

// Settings are read once, at start-up, and validated here; a bad value stops the process with one clear line.
const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((v) => v === "1" || v === "true" || v === "yes");

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: z.string().url().optional(),
    // no default in production: a server that quietly opened ./prisma/dev.db would keep its data where no backup looks
    DATABASE_URL: z
      .string()
      .regex(/^file:/, "must be a SQLite file URL, e.g. file:./data/vink.db")
      .optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
    MAIL_FROM: z.string().min(3).optional(),
    MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(200),
    /** days before an event's first session that registered participants get a reminder (0 = none) */
    EVENT_REMINDER_DAYS: z.coerce.number().int().min(0).max(60).default(2),
    UNIT_NAME: z.string().min(1).default("VINK"),
    UNIT_EMAIL: z.string().email().default("vink@kk.dk"),
    SESSION_IDLE_HOURS: z.coerce.number().positive().max(24 * 30).default(8),
    SESSION_MAX_HOURS: z.coerce.number().positive().max(24 * 90).default(24),
    START_WORKER: boolish.default("true"),
    TRUST_PROXY: boolish.default("false"),
    /**
     * the key for what must be secret but not hashed: second-factor secrets are sealed with it (AES-256-GCM), and
     * pseudonymous references in the audit log are keyed hashes with it (app/lib/crypto.server.ts). At least 32
     * characters; losing it makes every enrolled authenticator app useless (recovery codes still work).
     */
    SECRET_KEY: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 48)").optional(),
    /** longest life of a cached anonymous public page (app/lib/page-cache.server.ts); 0 turns the cache off */
    PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(10),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    for (const key of ["APP_URL", "SMTP_URL", "MAIL_FROM", "DATABASE_URL", "SECRET_KEY"] as const) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required in production" });
    }
  });

export type Env = z.infer<typeof schema> & { APP_URL: string; MAIL_FROM: string; DATABASE_URL: string; SECRET_KEY: string };

/** Outside production only: a fixed, public key, so development and tests need no setting (production requires one). */
const DEVELOPMENT_SECRET_KEY = "vink-development-key-not-secret-do-not-use-in-production";

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new EnvError(`Setting ${issue.path.join(".")} ${issue.message}`);
  }
  const env = result.data;
  const appUrl = env.APP_URL ?? `http://localhost:${env.PORT}`;
  return {
    ...env,
    APP_URL: new URL(appUrl).origin,
    DATABASE_URL: env.DATABASE_URL ?? "file:./prisma/dev.db",
    MAIL_FROM: env.MAIL_FROM ?? `${env.UNIT_NAME} <${env.UNIT_EMAIL}>`,
    SECRET_KEY: env.SECRET_KEY ?? DEVELOPMENT_SECRET_KEY,
  };
}

export class EnvError extends Error {}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export const isProduction = () => env().NODE_ENV === "production";
export const isHttps = () => env().APP_URL.startsWith("https://");
