import { MASK, maskedEnvironment, maskedValue } from "@/lib/data/status";

test("secrets are masked by the variable's name", () => {
  for (const name of ["SPROUT_ADMIN_PASSWORD_ALICE", "NEXTAUTH_SECRET", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "API_KEY", "DB_CREDENTIALS", "SESSION_COOKIE", "PRIVATE_PEM"]) {
    expect([name, maskedValue(name, "s3cr3t-value")]).toEqual([name, MASK]);
  }
});

test("credentials inside addresses are masked, the rest of the address kept", () => {
  expect(maskedValue("DATABASE_URL", "postgres://sprout:hunter2@db.example:5432/sprout")).toBe(`postgres://sprout:${MASK}@db.example:5432/sprout`);
  expect(maskedValue("MIRRORS", "https://a:b@x.org/ and https://c:d@y.org/")).toBe(`https://a:${MASK}@x.org/ and https://c:${MASK}@y.org/`);
  expect(maskedValue("HOME_PAGE", "https://example.org/path?q=1")).toBe("https://example.org/path?q=1");
  expect(maskedValue("PORT", "8000")).toBe("8000");
});

test("the environment comes sorted by name, every value passed through the mask", () => {
  expect(maskedEnvironment([["Z_TOKEN", "t"], ["A_URL", "redis://u:p@h/"], ["M", "plain"]])).toEqual([
    ["A_URL", `redis://u:${MASK}@h/`],
    ["M", "plain"],
    ["Z_TOKEN", MASK],
  ]);
});
