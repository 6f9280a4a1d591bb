import "server-only";
import { renderMarkdown } from "@/lib/content/markdown.server";
import { GRACE_MS, type CurrentItem } from "@/lib/practice/quiz";
import type { ServedItem } from "./served-item";

export function toServedItem(item: CurrentItem): ServedItem {
  if (item.status === "finished") return item;
  return { ...item, promptHtml: renderMarkdown(item.question.prompt), graceMs: GRACE_MS };
}
