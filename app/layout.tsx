import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import { SiteHeader } from "@/components/site-header";
import { ThemeScript } from "@/components/theme-script";
import "./globals.css";

// No font is preloaded: a preload puts ~50 KB ahead of the page's own HTML on a slow connection
// (Lighthouse LCP 2.5–3.3 s with it, 1.9–2.6 s without); text paints at once in the
// metric-matched fallback and swaps, which moves nothing (CLS ≤ 0.02). docs/decisions/009.
const inter = localFont({
  src: [{ path: "./fonts/inter-latin-wght-normal.woff2", style: "normal", weight: "100 900" }],
  variable: "--font-inter",
  display: "swap",
  preload: false,
});
// Italic is a family of its own, loaded only by pages that use it (globals.css applies it to italic text).
const interItalic = localFont({
  src: [{ path: "./fonts/inter-latin-wght-italic.woff2", style: "italic", weight: "100 900" }],
  variable: "--font-inter-italic",
  display: "swap",
  preload: false,
});
const mono = localFont({
  src: [{ path: "./fonts/jetbrains-mono-latin-wght-normal.woff2", weight: "100 800" }],
  variable: "--font-jetbrains",
  display: "swap",
  preload: false,
});

export const metadata: Metadata = {
  title: { default: "Quorum — distributed-systems interview practice", template: "%s · Quorum" },
  description:
    "Learn replication, partitioning, caching, queues, consensus and failure recovery with runnable simulations, timed quizzes and spaced repetition.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fbfbfa" },
    { media: "(prefers-color-scheme: dark)", color: "#0f1115" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${inter.variable} ${interItalic.variable} ${mono.variable}`} suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body>
        <a href="#main" className="skip-link">Skip to content</a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>{children}</main>
        <footer className="site-footer">
          <div className="container">
            <span>Quorum — practise distributed systems until it sticks.</span>
            <span>Lessons cite their sources; simulations are deterministic and replayable.</span>
          </div>
        </footer>
      </body>
    </html>
  );
}
