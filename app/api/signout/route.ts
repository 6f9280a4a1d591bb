// Sign-out as a plain form POST answered with a full-page redirect, so every client-side part of
// the page (the header's account menu) starts again as signed out.
import { signOut } from "@/lib/auth/auth.server";

export async function POST(req: Request) {
  await signOut({ redirect: false });
  return Response.redirect(new URL("/", req.url), 303);
}
