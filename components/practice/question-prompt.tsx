// Markdown rendered on the server (lib/content/markdown.server.ts) shown in the practice screens.
// The HTML comes from trusted content files, never from learner input.
import "./practice.css";

export function RenderedMarkdown({ html, id, className }: { html: string; id?: string; className?: string }) {
  return <div id={id} className={["practice-prose", className].filter(Boolean).join(" ")} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A question's prompt; `id` lets the answer controls name the prompt as their label. */
export function QuestionPrompt({ html, id }: { html: string; id?: string }) {
  return <RenderedMarkdown html={html} id={id} className="question-prompt" />;
}
