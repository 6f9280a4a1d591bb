import { loadContent } from "@/lib/content/loader";
(async () => {
  const c = await loadContent();
  for (const id of process.argv.slice(2)) {
    const l = c.lessons.find((x) => x.slug === id)!;
    console.log("=====", l.file);
    const h2 = l.headings.filter(h=>h.depth<=3);
    for (const h of h2) {
      const qs = c.questions.filter(q=>q.lessonId===l.id && q.section===h.slug);
      console.log(`${h.line} ${"#".repeat(h.depth)} ${h.slug}: ${qs.map(q=>`${q.id}[${q.type}/${q.difficulty}]`).join(", ")}`);
    }
  }
})();
