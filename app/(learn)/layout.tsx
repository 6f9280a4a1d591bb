import "./learn.css";

export default function LearnLayout({ children }: { children: React.ReactNode }) {
  return children;
}
