"use client";
// Copies a text (an invitation link or code) and says so, to sighted and screen-reader users alike.
import { useEffect, useState } from "react";

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className="button secondary mentor-small mentor-copy"
      aria-label={label}
      onClick={() => navigator.clipboard.writeText(text).then(() => setState("copied"), () => setState("failed"))}
    >
      <span aria-hidden="true">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}</span>
      <span className="visually-hidden" role="status">{state === "copied" ? "Copied to the clipboard" : state === "failed" ? "Could not copy; select the text instead" : ""}</span>
    </button>
  );
}
