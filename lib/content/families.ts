// The six question families, in teaching order. Folder names under content/ are these slugs.
export const FAMILIES = [
  {
    slug: "replication",
    name: "Replication & consistency",
    blurb: "Leaders and followers, quorums, replication lag, and what each consistency model promises.",
  },
  {
    slug: "partitioning",
    name: "Partitioning & sharding",
    blurb: "Hash and range partitioning, consistent hashing, shard keys, hotspots and rebalancing.",
  },
  {
    slug: "caching",
    name: "Caching & load balancing",
    blurb: "Balancing algorithms, health checks, cache patterns, invalidation, stampedes and hot keys.",
  },
  {
    slug: "queues",
    name: "Queues & asynchronous work",
    blurb: "Delivery guarantees, idempotent consumers, ordering, back-pressure, sagas and the outbox.",
  },
  {
    slug: "consensus",
    name: "Coordination & consensus",
    blurb: "Leader election, Raft, locks and leases, clocks and ordering, two-phase commit, rate limits.",
  },
  {
    slug: "reliability",
    name: "Failure recovery & observability",
    blurb: "Failure modes, timeouts, circuit breakers, degradation, SLOs and incident response.",
  },
] as const;

export type FamilySlug = (typeof FAMILIES)[number]["slug"];
/** The slugs in teaching order, as a non-empty tuple (what `z.enum` and exhaustive checks want). */
export const FAMILY_SLUGS = [FAMILIES[0].slug, ...FAMILIES.slice(1).map((f) => f.slug)] as const;

export function familyBySlug(slug: string) {
  return FAMILIES.find((f) => f.slug === slug);
}

/** A lesson's page, optionally at a section. */
export function lessonHref(lesson: { family: string; slug: string }, anchor?: string): string {
  return `/learn/${lesson.family}/${lesson.slug}${anchor ? `#${anchor}` : ""}`;
}

export function familyName(slug: FamilySlug | string): string {
  return FAMILIES.find((f) => f.slug === slug)?.name ?? slug;
}
