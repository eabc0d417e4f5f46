import Link from "next/link";
import type { ComponentProps } from "react";

/**
 * A link between admin pages, fetched when it is clicked. Next prefetches every link in view by
 * default, which renders a page on the server for each (about 25 when the session page opens, one
 * per session in a list); during a study that is server time taken from the participants.
 */
export function AdminLink(props: ComponentProps<typeof Link>) {
  return <Link prefetch={false} {...props} />;
}
