import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { connection } from "next/server";

import { Providers } from "@/components/providers";
import { inter } from "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Loctelli", template: "%s · Loctelli" },
  description: "AI-powered lead management for agencies and the businesses they serve.",
};

export const viewport: Viewport = {
  themeColor: "#f8fafc",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The proxy sends a nonce-based CSP ('strict-dynamic'): Next stamps the nonce on its scripts only while rendering a
  // request, so no page may be prerendered at build time (its scripts would carry no nonce and be blocked).
  await connection();

  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-dvh">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
