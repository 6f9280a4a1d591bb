import { notFound, redirect } from "next/navigation";
import { FAMILY_SLUGS, familyBySlug } from "@/lib/content/families";

// A family has no page of its own: its section of /learn is the list.
export function generateStaticParams() {
  return FAMILY_SLUGS.map((family) => ({ family }));
}

export default async function FamilyPage({ params }: { params: Promise<{ family: string }> }) {
  const { family } = await params;
  if (!familyBySlug(family)) notFound();
  redirect(`/learn#${family}`);
}
