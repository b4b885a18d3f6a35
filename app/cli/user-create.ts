/**
 * npm run user:create -- --email E --name N --role admin|staff
 * Makes a staff user with a password, e.g. the first admin. The password comes from NEW_USER_PASSWORD or is asked
 * for on the terminal without echo. Uses DATABASE_URL like the app; one clear line and a non-zero exit on any error.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { translate, type Locale } from "~/lib/i18n";

const usage = "Usage: npm run user:create -- --email <email> --name <name> --role admin|staff";

function fail(message: string, code = 1): never {
  console.error(`user:create: ${message}`);
  process.exit(code);
}

const argsSchema = z.object({
  email: z.string({ required_error: "--email is required" }).trim().email("--email is not a valid email address").max(254),
  name: z.string({ required_error: "--name is required" }).trim().min(1, "--name is required").max(200, "--name is too long"),
  role: z
    .string({ required_error: "--role is required (admin or staff)" })
    .transform((r) => r.trim().toUpperCase())
    .pipe(z.enum(["ADMIN", "STAFF"], { errorMap: () => ({ message: "--role must be admin or staff" }) })),
});

/** Reads a line from the terminal without showing what is typed. */
async function askHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) fail("no terminal to ask for the password on: set NEW_USER_PASSWORD");
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  return new Promise((resolve) => {
    let typed = "";
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          stderr.write("\n");
          resolve(typed);
          return;
        }
        if (ch === "\u0003") {
          stdin.setRawMode(false);
          stderr.write("\n");
          process.exit(130);
        }
        if (ch === "\u007f" || ch === "\b") typed = [...typed].slice(0, -1).join("");
        else typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } }, strict: true }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) fail(`${parsed.error.issues[0]!.message}\n${usage}`, 2);

  let password = process.env.NEW_USER_PASSWORD;
  if (!password) {
    password = await askHidden("Password: ");
    const again = await askHidden("Repeat the password: ");
    if (password !== again) fail("the two passwords are not the same");
  }

  // Settings and the database are loaded only now, so a usage error needs neither.
  const { prepareDb, db } = await import("~/lib/db.server");
  const { createStaffUser } = await import("~/models/users.server");
  await prepareDb();
  const result = await createStaffUser({ ...parsed.data, password });
  await db.$disconnect();
  const en: Locale = "en";
  if (!result.ok && result.reason === "exists") fail(`a user with the email ${parsed.data.email.toLowerCase()} already exists`);
  if (!result.ok) fail(translate(en, result.problem));
  console.log(`Created ${parsed.data.role.toLowerCase()} ${parsed.data.email.toLowerCase()} (id ${result.userId}).`);
}

main().catch((error: unknown) => {
  const message = (error instanceof Error ? error.message.split("\n").filter(Boolean).pop() : String(error)) ?? "unknown error";
  fail(/does not exist in the current database/.test(message) ? `${message} Run npm run db:migrate first.` : message);
});
