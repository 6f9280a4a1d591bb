"use client";
import { simComponents } from "@/components/sim";

export function SimPreview({ component, props }: { component: string; props: Record<string, unknown> }) {
  const Sim = simComponents[component];
  return Sim ? <Sim {...props} /> : null;
}
