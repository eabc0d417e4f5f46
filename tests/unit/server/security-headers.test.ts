import { contentSecurityPolicy } from "@/lib/server/security-headers";

// HSTS's https test is lib/auth/request-peer.ts servedOverHttps (tests/unit/auth); the headers
// on real answers are tests/integration/http/security-headers.test.ts.

test("script-src: the nonce and 'strict-dynamic'; 'unsafe-eval' only in development, 'unsafe-inline' never", () => {
  const production = contentSecurityPolicy("abc", false);
  expect(production).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic';");
  expect(production).not.toMatch(/unsafe-eval/);
  const development = contentSecurityPolicy("abc", true);
  expect(development).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval';");
  for (const policy of [production, development]) {
    const scriptSrc = policy.split("; ").find((d) => d.startsWith("script-src"));
    expect(scriptSrc).not.toMatch(/unsafe-inline/);
  }
});
