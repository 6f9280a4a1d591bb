import Link from "next/link";
import { ForbiddenNotice } from "@/components/forbidden-notice";

/** HTTP 403 for the admin area. */
export default function AdminForbidden() {
  return (
    <ForbiddenNotice title="Admins only" actions={<Link className="button" href="/account">Your account</Link>}>
      <p>This page manages every account&apos;s role, so only admins can open it.</p>
    </ForbiddenNotice>
  );
}
