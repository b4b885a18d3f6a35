import { Link, useLocation } from "@remix-run/react";

type SideNavLink = { to: string; label: string; end?: boolean };

/**
 * The menu beside an area's pages (staff, member): DKFDS 11's side navigation (`ul.sidemenu`, `li.active.current`,
 * `a.nav-link` with `aria-current="page"`), not a bulleted list. The class names stay literal here: the build keeps
 * only the dkfds rules whose classes appear in app/.
 */
export function SideNav({ label, links }: { label: string; links: SideNavLink[] }) {
  const { pathname } = useLocation();
  const current = (l: SideNavLink) => pathname === l.to || (!l.end && pathname.startsWith(`${l.to}/`));
  return (
    <nav className="col-12 col-lg-3 no-print" aria-label={label}>
      <ul className="sidemenu sidenav-list">
        {links.map((l) =>
          current(l) ? (
            <li key={l.to} className="active current">
              <Link to={l.to} className="nav-link" aria-current={pathname === l.to ? "page" : "true"}>
                <span>{l.label}</span>
              </Link>
            </li>
          ) : (
            <li key={l.to}>
              <Link to={l.to} className="nav-link">
                <span>{l.label}</span>
              </Link>
            </li>
          ),
        )}
      </ul>
    </nav>
  );
}
