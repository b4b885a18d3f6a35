import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { loadDictionary } from "~/locales/browser";

// The page's own language (the server wrote it in <html lang>) before React hydrates, so the first render in the
// browser has the server's texts; the other language is never downloaded (docs/decisions/0016-page-weight.md). Should
// it fail to load, the page stays as the server made it, which works without JavaScript.
void loadDictionary(document.documentElement.lang).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
