"use client";

import { AdminLink } from "./admin-link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/admin/dashboard/", label: "Dashboard" },
  { href: "/admin/rooms/", label: "Rooms", also: "/admin/room/" },
  { href: "/admin/sessions/", label: "Sessions", also: "/admin/session/" },
  { href: "/admin/status/", label: "Status" },
  { href: "/admin/tokens/", label: "API tokens" },
];

export function AdminNav() {
  const path = usePathname();
  return (
    <nav aria-label="Admin" className="flex items-center gap-1">
      {LINKS.map((l) => {
        const current = path.startsWith(l.href) || (l.also !== undefined && path.startsWith(l.also));
        return (
          <AdminLink
            key={l.href}
            href={l.href}
            aria-current={current ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${current ? "bg-white/15 text-white" : "text-stone-300 hover:bg-white/10 hover:text-white"}`}
          >
            {l.label}
          </AdminLink>
        );
      })}
    </nav>
  );
}
