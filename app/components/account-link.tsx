import { Link } from "@remix-run/react";
import { useT } from "~/lib/i18n";

/** The way to one's own password, second factors and signed-in devices, in the header for everyone signed in. */
export function AccountLink() {
  const t = useT();
  return (
    <Link to="/account/security" className="function-link">
      {t("security.navLink")}
    </Link>
  );
}
