// Sign-out as a plain form POST answered with a full-page redirect, so every client-side part of
// the page (the header's account menu) starts again as signed out.
import { signOut } from "@/lib/auth/auth.server";

export async function POST() {
  await signOut({ redirect: false });
  // A relative Location: behind a proxy (or on 127.0.0.1) the request URL's host may not be the one
  // the browser used, and an absolute redirect would move it to another origin without its cookies.
  return new Response(null, { status: 303, headers: { Location: "/" } });
}
