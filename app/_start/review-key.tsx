"use client";
// One key to start reviewing from the start page: R, as on the review screen's own shortcuts.
// Ignored while typing in a field or with a modifier held, so it never takes a keystroke meant elsewhere.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export function ReviewKey({ href }: { href: string }) {
  const router = useRouter();
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== "r" || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typingIn(e.target)) return;
      e.preventDefault();
      router.push(href);
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [router, href]);
  return null;
}
