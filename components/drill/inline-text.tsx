// Renders the inline Markdown of drill prompts, questions and rubric points, parsed on the server
// by lib/content/drills.ts (so this renders data, never raw Markdown or HTML).
import type { Inline, PromptBlock } from "@/lib/content/drills";

export function InlineText({ inlines }: { inlines: readonly Inline[] }) {
  return (
    <>
      {inlines.map((part, i) =>
        part.kind === "strong" ? (
          <strong key={i}>{part.text}</strong>
        ) : part.kind === "em" ? (
          <em key={i}>{part.text}</em>
        ) : part.kind === "code" ? (
          <code key={i}>{part.text}</code>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

export function PromptBody({ blocks }: { blocks: readonly PromptBlock[] }) {
  return (
    <div className="drill-prompt-body">
      {blocks.map((block, i) => {
        if (block.kind === "paragraph") {
          return (
            <p key={i}>
              <InlineText inlines={block.inlines} />
            </p>
          );
        }
        const items = block.items.map((item, j) => (
          <li key={j}>
            <InlineText inlines={item} />
          </li>
        ));
        return block.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </div>
  );
}

/** The prompt beside the work, open by default and collapsible on small screens. */
export function PromptCard({ blocks }: { blocks: readonly PromptBlock[] }) {
  return (
    <aside className="drill-aside" aria-labelledby="prompt-title">
      <details className="card drill-prompt" open>
        <summary>
          <h2 id="prompt-title">The prompt</h2>
        </summary>
        <PromptBody blocks={blocks} />
      </details>
    </aside>
  );
}
