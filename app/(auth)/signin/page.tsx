import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session.server";
import { safeReturnPath } from "@/lib/auth/redirect";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; signedOut?: string }> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <div className="auth-page">
      <div className="card">
        <h1>Sign in</h1>
        {params.signedOut === "everywhere" ? <p className="notice" role="status">You were signed out on every device.</p> : null}
        <p className="muted">Pick up your review queue where you left it.</p>
        <SignInForm callbackUrl={callbackUrl} />
        <p className="muted" style={{ marginTop: "1.25rem", marginBottom: 0 }}>
          New to Quorum? <Link href="/signup">Create an account</Link>
        </p>
      </div>
    </div>
  );
}
