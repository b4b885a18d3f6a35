import { spawn } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/lib/password.server";
import { freshDbCopy, root } from "../support/db";

type Run = { code: number | null; stdout: string; stderr: string };

/** npm run user:create, as a separate process on its own database file. */
function userCreate(dbFile: string, args: string[], password?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${dbFile}`, NODE_ENV: "development" };
    delete env.NEW_USER_PASSWORD;
    if (password !== undefined) env.NEW_USER_PASSWORD = password;
    const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "app/cli/user-create.ts"), ...args], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const PASSWORD = "første admin har en lang kode";

describe("npm run user:create", () => {
  it("creates an admin on a fresh database file, and refuses a second with the same email", async () => {
    const dbFile = freshDbCopy("unit-cli");
    const ok = await userCreate(dbFile, ["--email", "Anna@Example.DK", "--name", "Anna Admin", "--role", "admin"], PASSWORD);
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("anna@example.dk");

    const sqlite = new Database(dbFile, { readonly: true });
    const row = sqlite.prepare("SELECT email, name, role, passwordHash, emailVerifiedAt FROM User").all() as {
      email: string;
      name: string;
      role: string;
      passwordHash: string;
      emailVerifiedAt: unknown;
    }[];
    const audit = sqlite.prepare("SELECT action, actorId FROM AuditLog").all();
    sqlite.close();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ email: "anna@example.dk", name: "Anna Admin", role: "ADMIN" });
    expect(row[0]!.emailVerifiedAt).not.toBeNull();
    expect(await verifyPassword(row[0]!.passwordHash, PASSWORD)).toBe(true);
    expect(audit).toEqual([{ action: "user.create", actorId: null }]);

    const dup = await userCreate(dbFile, ["--email", "anna@example.dk", "--name", "Anden", "--role", "staff"], PASSWORD);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe("user:create: a user with the email anna@example.dk already exists");
  }, 60_000);

  it("refuses a bad role, a missing option, a common password and a missing password, each with one clear line", async () => {
    const dbFile = freshDbCopy("unit-cli");
    const role = await userCreate(dbFile, ["--email", "a@example.dk", "--name", "A", "--role", "boss"], PASSWORD);
    expect(role.code).toBe(2);
    expect(role.stderr.split("\n")[0]).toBe("user:create: --role must be admin or staff");
    const missing = await userCreate(dbFile, ["--email", "a@example.dk", "--role", "staff"], PASSWORD);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split("\n")[0]).toBe("user:create: --name is required");
    const common = await userCreate(dbFile, ["--email", "a@example.dk", "--name", "A", "--role", "staff"], "iloveyou1");
    expect(common.code).toBe(1);
    expect(common.stderr.trim()).toBe("user:create: The password is too common. Choose one that is harder to guess.");
    // no terminal and no NEW_USER_PASSWORD: nothing to ask on
    const noPassword = await userCreate(dbFile, ["--email", "a@example.dk", "--name", "A", "--role", "staff"]);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain("NEW_USER_PASSWORD");
    const sqlite = new Database(dbFile, { readonly: true });
    expect(sqlite.prepare("SELECT COUNT(*) AS n FROM User").get()).toEqual({ n: 0 });
    sqlite.close();
  }, 60_000);
});
