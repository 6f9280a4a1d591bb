import "./author.css";

export default function AuthorLayout({ children }: { children: React.ReactNode }) {
  return children;
}
