import "server-only";
import { renderMarkdownCached } from "@/lib/content/markdown-cache.server";
import { GRACE_MS, type CurrentItem } from "@/lib/practice/quiz";
import type { ServedItem } from "./quiz";

export function toServedItem(item: CurrentItem): ServedItem {
  if (item.status === "finished") return item;
  return { ...item, promptHtml: renderMarkdownCached(item.question.prompt), graceMs: GRACE_MS };
}
