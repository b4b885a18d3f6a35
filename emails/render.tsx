import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { translator, type Locale, type Translate } from "~/lib/i18n";

/**
 * A kind of message: its subject, its HTML body (React, rendered on the server, so every value is escaped) and its
 * plain-text form, in the recipient's language. `renderEmail` gives what `queueEmail` takes.
 */
export type EmailTemplate<P> = {
  subject: (t: Translate, props: P) => string;
  body: (t: Translate, props: P) => ReactNode;
  text: (t: Translate, props: P) => string;
};

export function defineEmail<P>(template: EmailTemplate<P>): EmailTemplate<P> {
  return template;
}

export function renderEmail<P>(template: EmailTemplate<P>, locale: Locale, props: P) {
  const t = translator(locale);
  const subject = template.subject(t, props);
  const html =
    "<!DOCTYPE html>" +
    renderToStaticMarkup(
      <EmailLayout lang={locale} title={subject} footer={t("mail.footer")}>
        {template.body(t, props)}
      </EmailLayout>,
    );
  const text = `${template.text(t, props).trim()}\n\n-- \n${t("mail.footer")}\n`;
  return { subject, html, text };
}

function EmailLayout({ lang, title, footer, children }: { lang: string; title: string; footer: string; children: ReactNode }) {
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f5f5f5", fontFamily: "'IBM Plex Sans', Arial, sans-serif", color: "#1a1a1a" }}>
        <div style={{ maxWidth: 600, margin: "0 auto", padding: 24, background: "#ffffff", fontSize: 16, lineHeight: 1.5 }}>
          {children}
          <hr style={{ border: 0, borderTop: "1px solid #ccc", margin: "32px 0 16px" }} />
          <p style={{ fontSize: 13, color: "#555" }}>{footer}</p>
        </div>
      </body>
    </html>
  );
}

/** A link that reads as a button in the HTML part. */
export function EmailButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p style={{ margin: "24px 0" }}>
      <a href={href} style={{ background: "#004993", color: "#ffffff", padding: "12px 20px", textDecoration: "none", borderRadius: 4, display: "inline-block" }}>
        {children}
      </a>
    </p>
  );
}

/** Plain text typed by a person, with its paragraphs kept and nothing interpreted as markup. */
export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n{2,}/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p, i) => (
          <p key={i} style={{ whiteSpace: "pre-wrap" }}>
            {p}
          </p>
        ))}
    </>
  );
}
