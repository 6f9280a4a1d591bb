// The address people use to reach Quorum, for links that leave the site (invitation links pasted
// into chat or mail). It comes from configuration (PUBLIC_URL), never from request headers such as
// X-Forwarded-Host, which any client can set: a forged header would otherwise put an attacker's
// host in front of a real invitation token (docs/decisions/043).

export interface PublicOriginInput {
  /** The PUBLIC_URL setting. */
  publicUrl: string | undefined;
  /** `next dev`, where the request's own Host is the developer's machine. */
  development: boolean;
  /** The request's Host header, used in development only. */
  host: string | null;
}

/** `scheme://host[:port]` from PUBLIC_URL; in development the request's host; otherwise null. */
export function publicOrigin({ publicUrl, development, host }: PublicOriginInput): string | null {
  if (publicUrl) {
    try {
      const url = new URL(publicUrl);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.pathname === "/" && !url.search && !url.hash) return url.origin;
    } catch {
      /* not a URL: treated as unset */
    }
    return null;
  }
  if (development && host && /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return `http://${host}`;
  return null;
}
