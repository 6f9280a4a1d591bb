import "@/components/mentor/mentor.css";

export default function MentorLayout({ children }: { children: React.ReactNode }) {
  return children;
}
