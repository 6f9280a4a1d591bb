import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session.server";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await currentUser()) redirect("/");
  return (
    <div className="auth-page">
      <div className="card">
        <h1>Create your account</h1>
        <p className="muted">Free. Your progress and review schedule are saved to your account.</p>
        <SignUpForm />
        <p className="muted" style={{ marginTop: "1.25rem", marginBottom: 0 }}>
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
