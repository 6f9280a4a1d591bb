"use client";
// The header's search: a combobox (WAI-ARIA 1.2 pattern). `/` focuses it from anywhere, arrow
// keys move through the results, Enter opens one, Escape closes. The index (/api/search, built
// at build time) is fetched on first focus, so pages that never search never download it.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { groupByFamily, search, SEARCH_INDEX_VERSION, type SearchIndex, type SearchResult } from "@/lib/content/search";
import "./search.css";
import { plural } from "@/lib/format";

const KIND_LABEL: Record<SearchResult["kind"], string> = { lesson: "Lesson", section: "Section", question: "Question" };

let indexPromise: Promise<SearchIndex> | null = null;
function loadIndex(): Promise<SearchIndex> {
  // The version in the address keeps a browser from reading an index of an older shape from its cache.
  indexPromise ??= fetch(`/api/search?v=${SEARCH_INDEX_VERSION}`).then((r) => {
    if (!r.ok) throw new Error(`search index: HTTP ${r.status}`);
    return r.json() as Promise<SearchIndex>;
  });
  indexPromise.catch(() => (indexPromise = null));
  return indexPromise;
}

export function SearchBox() {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-results`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [index, setIndex] = useState<SearchIndex | null>(null);
  const [failed, setFailed] = useState(false);
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  const groups = useMemo(() => (index && query.trim() ? groupByFamily(search(index, query, 24)) : []), [index, query]);
  // Options in display order (grouped), so arrow keys follow what the eye sees.
  const flat = useMemo(() => groups.flatMap((g) => g.results), [groups]);
  const expanded = open && query.trim().length > 0;

  const prepare = useCallback(() => {
    if (index) return;
    loadIndex().then(setIndex, () => setFailed(true));
  }, [index]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.metaKey || e.ctrlKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      e.preventDefault();
      inputRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (expanded) document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: "nearest" });
  }, [active, expanded, id]);

  function go(result: SearchResult | undefined) {
    if (!result) return;
    setOpen(false);
    setQuery("");
    inputRef.current?.blur();
    router.push(result.href);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (flat.length > 0) setActive((a) => (a + (e.key === "ArrowDown" ? 1 : flat.length - 1)) % flat.length);
    } else if (e.key === "Enter") {
      if (expanded && flat[active]) {
        e.preventDefault();
        go(flat[active]);
      }
    } else if (e.key === "Escape") {
      if (expanded) setOpen(false);
      else {
        setQuery("");
        inputRef.current?.blur();
      }
    } else if (e.key === "Home" && expanded && e.ctrlKey) {
      setActive(0);
    }
  }

  // Index of each group's first result in `flat`, for option ids and the active highlight.
  const groupStart = groups.map((_, gi) => groups.slice(0, gi).reduce((n, g) => n + g.results.length, 0));
  return (
    <div className="site-search" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setOpen(false)}>
      <label htmlFor={`${id}-input`} className="visually-hidden">
        Search lessons and questions
      </label>
      <svg className="site-search-icon" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
        <circle cx="11" cy="11" r="7" />
        <path d="m20 20-3.5-3.5" />
      </svg>
      <input
        ref={inputRef}
        id={`${id}-input`}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Search"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && flat[active] ? `${id}-opt-${active}` : undefined}
        aria-keyshortcuts="/"
        value={query}
        onFocus={() => {
          prepare();
          setOpen(true);
        }}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
      />
      <kbd className="site-search-hint" aria-hidden="true">/</kbd>
      <div className="site-search-panel" hidden={!expanded}>
        <ul id={listId} role="listbox" aria-label="Search results">
          {groups.map((group, gi) => (
            <li key={group.family} role="presentation">
              <ul role="group" aria-labelledby={`${id}-g-${group.family}`}>
                <li role="presentation" id={`${id}-g-${group.family}`} className="site-search-group">
                  {group.name}
                </li>
                {group.results.map((r, ri) => {
                  const i = groupStart[gi] + ri;
                  return (
                    <li
                      key={r.href + r.title}
                      id={`${id}-opt-${i}`}
                      role="option"
                      aria-selected={i === active}
                      className="site-search-option"
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseMove={() => setActive(i)}
                      onClick={() => go(r)}
                    >
                      <span className="site-search-title">{r.title}</span>
                      <span className="site-search-meta">
                        {KIND_LABEL[r.kind]}
                        {r.kind !== "lesson" ? ` · ${r.lessonTitle}` : ""}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
        {expanded && flat.length === 0 ? (
          <p className="site-search-empty">{failed ? "Search is unavailable right now." : index ? `No lessons match “${query.trim()}”.` : "Loading…"}</p>
        ) : null}
      </div>
      <div className="visually-hidden" role="status" aria-live="polite">
        {expanded && index ? plural(flat.length, "result") : ""}
      </div>
    </div>
  );
}
