export function Logo({ size = 22 }: { size?: number }) {
  // Three nodes, two of which agree: a quorum.
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
      <circle cx="6" cy="17" r="3" fill="currentColor" />
      <circle cx="18" cy="17" r="3" fill="currentColor" />
      <circle cx="12" cy="6" r="3" />
      <path d="M9 17h6M7.5 14.4l3-5.6M16.5 14.4l-3-5.6" />
    </svg>
  );
}
