import { NavLink } from "@remix-run/react";

export type SideNavLink = { to: string; label: string; end?: boolean };

/** The menu beside an area's pages (staff, member): a labelled nav whose current page is marked. */
export function SideNav({ label, links }: { label: string; links: SideNavLink[] }) {
  return (
    <nav className="col-12 col-lg-3 no-print" aria-label={label}>
      <ul className="sidenav-list">
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end={l.end} className={({ isActive }) => (isActive ? "active" : undefined)}>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
