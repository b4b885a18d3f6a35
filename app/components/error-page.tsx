import { isRouteErrorResponse, Link } from "@remix-run/react";
import { PageTitle } from "~/components/page-title";
import { useT } from "~/lib/i18n";

/**
 * The human error page (404, 403, 429, anything else), for every error boundary: the root's, and an area's that
 * keeps its own frame around it (staff.tsx, member.tsx), so a 404 under /staff keeps the staff menu.
 */
export function ErrorPage({ error }: { error: unknown }) {
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("error.notFoundTitle"), t("error.notFoundBody")]
      : status === 403
        ? [t("error.forbiddenTitle"), t("error.forbiddenBody")]
        : status === 429
          ? [t("error.tooManyTitle"), t("error.tooManyBody")]
          : [t("error.genericTitle"), t("error.genericBody")];
  if (status >= 500 && typeof window === "undefined") console.error(error);
  return (
    <>
      <PageTitle title={title} />
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </>
  );
}
