import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import dkfdsCss from "../node_modules/dkfds/dist/css/dkfds.min.css?url";
import { AccountLink } from "./components/account-link";
import { ErrorPage } from "./components/error-page";
import { env } from "./lib/env.server";
import { takeNotice } from "./lib/flash.server";
import { isStaffRole } from "./lib/roles";
import { defaultLocale, translator, useT, type Locale } from "./lib/i18n";
import appCss from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: dkfdsCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];


export async function loader({ context, request }: LoaderFunctionArgs) {
  const { user, locale } = context;
  const isActiveMember = await context.isActiveMember();
  const { notice, clear } = takeNotice(request);
  return data(
    {
      locale,
      nonce: context.nonce,
      unitName: env().UNIT_NAME,
      unitEmail: env().UNIT_EMAIL,
      user: user ? { name: user.name, role: user.role, isActiveMember } : null,
      notice,
    },
    clear ? { headers: { "Set-Cookie": clear } } : undefined,
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const locale: Locale = data?.locale ?? defaultLocale;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skipnav" href="#main-content">
          {translator(locale)("site.skipLink")}
        </a>
        <SiteHeader />
        <main id="main-content" className="container page-container" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={data?.nonce} />
        <Scripts nonce={data?.nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const data = useRootData();
  const t = useT();
  const location = useLocation();
  const user = data?.user;
  const isStaff = isStaffRole(user?.role);
  const here = location.pathname + location.search;
  return (
    <header className="header">
      <div className="portal-info">
        <div className="portal-info-inner container">
          <Link to="/" className="site-brand">
            <span className="site-brand-unit">{data?.unitName ?? "VINK"}</span>
            <span className="site-brand-name">{t("site.unit")}</span>
          </Link>
          <div className="site-tools">
            <Form method="post" action="/language" className="site-language" reloadDocument>
              <input type="hidden" name="lang" value={t("lang.switchToLang")} />
              <input type="hidden" name="redirectTo" value={here} />
              <button type="submit" className="button button-tertiary" lang={t("lang.switchToLang")}>
                {t("lang.switchTo")}
              </button>
            </Form>
            {user ? (
              <div className="site-user">
                <span>{t("nav.signedInAs", { name: user.name })}</span>
                <AccountLink />
                <Form method="post" action="/logout" reloadDocument>
                  <button type="submit" className="button button-secondary">
                    {t("nav.logout")}
                  </button>
                </Form>
              </div>
            ) : (
              <Link to="/login" className="button button-secondary">
                {t("nav.login")}
              </Link>
            )}
          </div>
        </div>
      </div>
      <nav className="navigation-menu site-nav" aria-label={t("site.mainNav")}>
        <div className="navigation-menu-inner container">
          <ul className="site-nav-list">
            <NavItem to="/" end label={t("nav.home")} />
            <NavItem to="/events" label={t("nav.events")} />
            <NavItem to="/forum" label={t("nav.forum")} />
            {user?.isActiveMember ? <NavItem to="/member" label={t("nav.member")} /> : null}
            {user?.role === "MEMBER" && !user.isActiveMember ? (
              <NavItem to="/forum/application" label={t("nav.application")} />
            ) : null}
            {isStaff ? <NavItem to="/staff" label={t("nav.staff")} /> : null}
          </ul>
        </div>
      </nav>
    </header>
  );
}

function NavItem({ to, label, end }: { to: string; label: string; end?: boolean }) {
  return (
    <li>
      <NavLink to={to} end={end} className={({ isActive }) => `nav-link${isActive ? " current" : ""}`}>
        <span>{label}</span>
      </NavLink>
    </li>
  );
}

function SiteFooter() {
  const t = useT();
  const data = useRootData();
  return (
    <footer className="footer site-footer">
      <div className="container">
        <div className="row">
          <div className="col-12 col-md-6 footer-col">
            <h2 className="h5">{data?.unitName ?? "VINK"}</h2>
            <p>{t("footer.text")}</p>
          </div>
          <div className="col-12 col-md-6 footer-col">
            <h2 className="h5">{t("footer.heading")}</h2>
            <ul className="footer-links">
              <li>
                <Link className="function-link" to="/privacy">
                  {t("footer.privacy")}
                </Link>
              </li>
              <li>
                <Link className="function-link" to="/accessibility">
                  {t("footer.accessibility")}
                </Link>
              </li>
              <li>
                <Link className="function-link" to="/contact">
                  {t("footer.contact")}
                </Link>
              </li>
            </ul>
          </div>
        </div>
      </div>
    </footer>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
