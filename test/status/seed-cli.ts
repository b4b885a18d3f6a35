/**
 * Seeds the status fixture year (./fixture.ts) and a staff user and an admin into the database file given, before a
 * portal is started on it (test/e2e/status.spec.ts, test/bench/status.ts): no portal's worker writes beside the
 * seeding. Prints the users' addresses and password as JSON. Usage: node --import tsx test/status/seed-cli.ts <file.db>
 */
const file = process.argv[2];
if (!file) throw new Error("Usage: seed-cli.ts <file.db>");
process.env.DATABASE_URL = `file:${file}`;
const { seedStatusFixture } = await import("./fixture");
const { createUser, DEFAULT_PASSWORD } = await import("../support/factories");
const { db } = await import("~/lib/db.server");
await seedStatusFixture();
const staff = await createUser({ role: "STAFF" });
const admin = await createUser({ role: "ADMIN" });
await db.$disconnect();
console.log(JSON.stringify({ staff: staff.email, admin: admin.email, password: DEFAULT_PASSWORD }));

export {};
