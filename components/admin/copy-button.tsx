"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/styles";

/** Copies text; works on plain http too (the Clipboard API needs https or localhost). */
async function copy(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

export function CopyButton({ text, label = "Copy", copiedLabel = "Copied", className }: Readonly<{ text: string; label?: string; copiedLabel?: string; className?: string }>) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className={className ?? buttonStyles.secondary}
      onClick={async () => {
        try {
          await copy(text);
          setState("copied");
        } catch {
          setState("failed");
        }
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      <span aria-live="polite">{state === "copied" ? copiedLabel : state === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}
