"use client";
import { useSyncExternalStore } from "react";

// The theme is a class on <html> (set before paint by the layout's inline script); read it as an external store.
function subscribe(onChange: () => void) {
  window.addEventListener("quorum-theme", onChange);
  return () => window.removeEventListener("quorum-theme", onChange);
}
const isDark = () => document.documentElement.classList.contains("dark");

export function ThemeToggle() {
  const dark = useSyncExternalStore<boolean | null>(subscribe, isDark, () => null);
  function toggle() {
    const next = !document.documentElement.classList.contains("dark");
    document.documentElement.classList.toggle("dark", next);
    localStorage.setItem("quorum-theme", next ? "dark" : "light");
    window.dispatchEvent(new CustomEvent("quorum-theme", { detail: next ? "dark" : "light" }));
  }
  return (
    <button type="button" className="icon-button" onClick={toggle} aria-label={dark ? "Switch to light theme" : "Switch to dark theme"} title="Toggle theme">
      <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        {dark ? (
          <>
            <circle cx="12" cy="12" r="4" />
            <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
          </>
        ) : (
          <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
        )}
      </svg>
    </button>
  );
}
