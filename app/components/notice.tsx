import { formatNumber, useLocale, useT } from "~/lib/i18n";
import { useRootData } from "~/root";

/**
 * A success alert, read out first. Without `text` it shows the message an action left with `redirectWithNotice`
 * (app/lib/flash.server.ts), if any; with `text` it shows a result the page has in the same answer.
 */
export function Notice({ text }: { text?: string | null }) {
  const t = useT();
  const locale = useLocale();
  const flash = useRootData()?.notice;
  const shown =
    text !== undefined
      ? text
      : flash
        ? t(flash.key, Object.fromEntries(Object.entries(flash.vars).map(([k, v]) => [k, typeof v === "number" ? formatNumber(locale, v) : v])))
        : null;
  if (!shown) return null;
  return (
    <div className="alert alert-success" role="status">
      <div className="alert-body">
        <p className="alert-text">{shown}</p>
      </div>
    </div>
  );
}
