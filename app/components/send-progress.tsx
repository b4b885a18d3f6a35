import { Link, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { formatNumber, useLocale } from "~/lib/i18n";

export type SendProgressState = { total: number; sent: number; failed: number; waiting: number; done: boolean };

/**
 * A mailing's progress bar (the invitation page's approach, shared): a native <progress> with the counts in a polite
 * live region. While mail is waiting it asks `url` (JSON) every second and, once all is done, reloads the page's data
 * so its table shows the final states. Without JavaScript the link beside it reloads the page. Texts come from the
 * caller, so each area keeps its own words.
 */
export function SendProgress({
  initial,
  url,
  labels,
}: {
  initial: SendProgressState;
  url: string;
  labels: { heading: string; bar: string; text: (counts: Record<"sent" | "failed" | "waiting" | "total", string>) => string; done: string; leave: string; reload: string };
}) {
  const locale = useLocale();
  const [progress, setProgress] = useState(initial);
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => setProgress(initial), [initial]);
  useEffect(() => {
    if (progress.done) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok || stopped) return;
        const next = (await response.json()) as SendProgressState;
        setProgress(next);
        if (next.done) revalidate.current();
      } catch {
        // a missed poll is retried at the next tick
      }
    };
    const timer = setInterval(() => void poll(), 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [progress.done, url]);
  const handled = progress.sent + progress.failed;
  const n = (v: number) => formatNumber(locale, v);
  return (
    <section aria-labelledby="progress-heading">
      <h2 id="progress-heading">{labels.heading}</h2>
      <label htmlFor="send-progress" className="form-label">
        {labels.bar}
      </label>
      <progress id="send-progress" max={Math.max(progress.total, 1)} value={handled} className="send-progress" data-done={progress.done ? "true" : "false"}>
        {progress.total ? Math.round((handled / progress.total) * 100) : 100}%
      </progress>
      <p aria-live="polite" role="status" data-testid="progress-text">
        {labels.text({ sent: n(progress.sent), failed: n(progress.failed), waiting: n(progress.waiting), total: n(progress.total) })}
        {progress.done ? ` ${labels.done}` : ""}
      </p>
      {!progress.done ? (
        <p>
          {labels.leave} <Link to=".">{labels.reload}</Link>
        </p>
      ) : null}
    </section>
  );
}
