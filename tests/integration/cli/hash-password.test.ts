import { spawnSync } from "node:child_process";
import { verifyPassword } from "@/lib/auth/passwords";
import { signIn } from "../../helpers/admin";
import { ROOT } from "../../helpers/paths";
import { startServer } from "../../helpers/server";

const hashPassword = (input: string) =>
  spawnSync("node_modules/.bin/tsx", ["--conditions=sprout-test", "lib/cli/main.ts", "hash-password"], { cwd: ROOT, encoding: "utf8", input });

test("hash-password prints a hash that the server accepts in place of the password", async () => {
  const run = hashPassword("staff room 42\n");
  expect(run.status).toBe(0);
  const hash = run.stdout.trim();
  expect(hash).toMatch(/^scrypt\$\d+\$\d+\$\S+\$\S+$/);
  expect(hash).not.toContain("staff room 42");
  await expect(verifyPassword("staff room 42", hash)).resolves.toBe(true);
  await expect(verifyPassword("staff room 43", hash)).resolves.toBe(false);

  const server = await startServer({ env: { SPROUT_ADMIN_PASSWORD_ADMIN: hash } });
  try {
    expect((await signIn(server, { admin: "admin", password: "staff room 42" })).ok).toBe(true);
  } finally {
    await server.stop();
  }
});

test("hash-password refuses a password shorter than 8 characters", () => {
  const run = hashPassword("short\n");
  expect(run.status).toBe(2);
  expect(run.stderr).toContain("at least 8 characters");
  expect(run.stdout).toBe("");
});
