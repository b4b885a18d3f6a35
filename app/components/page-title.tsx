import { useEffect } from "react";
import { useRootData } from "~/root";

/**
 * The document title for pages whose title is decided while rendering (error pages). Routes set theirs with
 * `meta` and the `pageTitle` helper in app/lib/meta.ts.
 */
export function PageTitle({ title }: { title: string }) {
  const unit = useRootData()?.unitName ?? "VINK";
  const full = `${title} — ${unit}`;
  useEffect(() => {
    document.title = full;
  }, [full]);
  return <title>{full}</title>;
}
