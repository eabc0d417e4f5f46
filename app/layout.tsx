import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = { title: { default: "Sprout", template: "%s · Sprout" } };
// Every page is rendered per request, so its scripts carry that request's Content-Security-Policy
// nonce (lib/server/security-headers.ts). A page prerendered at build time (the home page, the
// not-found page) would have scripts without one, which the browser refuses to run.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: Readonly<{ children: ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-stone-50 font-sans text-stone-900 antialiased">{children}</body>
    </html>
  );
}
