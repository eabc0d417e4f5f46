import { MASK, maskedEnvironment, maskedValue } from "@/lib/data/status";

test("secrets are masked by the variable's name", () => {
  for (const name of ["SPROUT_ADMIN_PASSWORD_ALICE", "NEXTAUTH_SECRET", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "API_KEY", "DB_CREDENTIALS", "SESSION_COOKIE", "PRIVATE_PEM"]) {
    expect([name, maskedValue(name, "s3cr3t-value")]).toEqual([name, MASK]);
  }
});

test("the user part of an address (user and password) is masked, the rest of the address kept", () => {
  expect(maskedValue("DATABASE_URL", "postgres://sprout:hunter2@db.example:5432/sprout")).toBe(`postgres://${MASK}@db.example:5432/sprout`);
  expect(maskedValue("MIRRORS", "https://a:b@x.org/ and https://c:d@y.org/")).toBe(`https://${MASK}@x.org/ and https://${MASK}@y.org/`);
  expect(maskedValue("HOME_PAGE", "https://example.org/path?q=1")).toBe("https://example.org/path?q=1");
  expect(maskedValue("PORT", "8000")).toBe("8000");
});

test("tokens anywhere in an address are masked: user part, query values, long opaque path parts", () => {
  const cases: [string, string][] = [
    ["CALLBACK_URL", "https://x.org/cb?token=abc123"],
    ["AZURE_BLOB_URL", "https://a.blob.core.windows.net/c?sv=2020&sig=SECRETSIG"],
    ["PG_ADDR", "postgresql://h/db?user=u&password=hunter2"],
    ["SLACK_HOOK_ADDR", "https://hooks.slack.com/services/T0000/B0000/q8Zt3vLmN0pR5sWx2yKa7bCd"],
    ["GIT_REMOTE", "https://ghp_abcdef@github.com/o/r.git"],
    ["ERRORS_ADDR", "https://k3y@o1.ingest.sentry.io/5"],
    ["DB_ADDR", "postgres://u:pa/ss@h/db"],
    ["DB2_ADDR", "postgres://u:p@ss@h/db"],
  ];
  for (const [name, value] of cases) {
    const shown = maskedValue(name, value);
    for (const secret of ["abc123", "SECRETSIG", "hunter2", "q8Zt3vLmN0pR5sWx2yKa7bCd", "ghp_abcdef", "k3y", "pa/ss", "p@ss"]) expect([name, shown]).not.toEqual([name, expect.stringContaining(secret)]);
    expect(shown).toContain(MASK);
  }
  expect(maskedValue("MY_PW", "hunter2")).toBe(MASK);
});

test("the environment comes sorted by name, every value passed through the mask", () => {
  expect(maskedEnvironment([["Z_TOKEN", "t"], ["A_URL", "redis://u:p@h/"], ["M", "plain"]])).toEqual([
    ["A_URL", `redis://${MASK}@h/`],
    ["M", "plain"],
    ["Z_TOKEN", MASK],
  ]);
});
