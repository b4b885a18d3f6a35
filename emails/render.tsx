import { randomBytes } from "node:crypto";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { translator, type Locale, type Translate } from "~/lib/i18n";

/**
 * A kind of message: its subject, its HTML body (React, rendered on the server, so every value is escaped) and its
 * plain-text form, in the recipient's language. `renderEmail` gives what `queueEmail` takes.
 */
export type EmailTemplate<P> = {
  subject: (t: Translate, props: P) => string;
  /** the hidden first line of the HTML body, which an inbox or a lock screen shows after the subject */
  preheader?: (t: Translate, props: P) => string;
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
      <EmailLayout lang={locale} title={subject} footer={t("mail.footer")} preheader={template.preheader?.(t, props) ?? null}>
        {template.body(t, props)}
      </EmailLayout>,
    );
  const text = `${template.text(t, props).trim()}\n\n-- \n${t("mail.footer")}\n`;
  return { subject, html, text };
}

type RenderedEmail = ReturnType<typeof renderEmail>;
/** A rendered part cut at the values: text, then the key of a value, then text, and so on. */
type Cut = (string | { key: string })[];

/**
 * renderEmail for many recipients of one template whose mails differ only in a few text values (a name, a personal
 * token): `many(values)` gives exactly what `renderEmail(template, locale, props(values))` gives, without rendering
 * the React tree per recipient. The template is rendered once (per set of values left empty, so `name ? … : …`
 * holds) with a marker in place of each value; per recipient each marker becomes its value — HTML-escaped as React
 * escapes text and attribute values in the HTML part, as it is in the subject and the text part (as in renderEmail;
 * the subject's header safety is queueEmail's). The markers carry 128 random bits drawn after everything else in
 * the mail is fixed, so no typed text can hold or forge one. A template must use these values as text only (not in a
 * condition other than empty or not, not cut or changed); if a marker does not come out whole, every mail of that
 * shape is rendered the ordinary way, and so is a mail whose value at the very start or end of the text part has
 * white space there for renderEmail's trim to take.
 */
export function renderEmails<P, K extends string>(template: EmailTemplate<P>, locale: Locale, props: (values: Record<K, string>) => P) {
  const prepared = new Map<string, ReturnType<typeof prepare<P, K>>>();
  return (values: Record<K, string>): RenderedEmail => {
    const keys = (Object.keys(values) as K[]).sort();
    const shape = keys.map((k) => `${k}:${values[k] === "" ? 0 : 1}`).join(",");
    let cut = prepared.get(shape);
    if (cut === undefined) {
      cut = prepare(template, locale, props, keys.filter((k) => values[k] !== ""), values);
      prepared.set(shape, cut);
    }
    if (!cut || (cut.first && values[cut.first] !== values[cut.first].trimStart()) || (cut.last && values[cut.last] !== values[cut.last].trimEnd())) {
      return renderEmail(template, locale, props(values));
    }
    return { subject: fill(cut.subject, values, same), html: fill(cut.html, values, escapeHtml), text: fill(cut.text, values, same) };
  };
}

function prepare<P, K extends string>(template: EmailTemplate<P>, locale: Locale, props: (values: Record<K, string>) => P, holes: K[], values: Record<K, string>) {
  const nonce = randomBytes(16).toString("hex");
  const marked = { ...values };
  const byMarker = new Map<string, K>();
  holes.forEach((k, i) => {
    const marker = `vink${nonce}m${i}x`;
    marked[k] = marker;
    byMarker.set(marker, k);
  });
  const mail = renderEmail(template, locale, props(marked));
  if (!holes.length) return { subject: [mail.subject], html: [mail.html], text: [mail.text], first: null, last: null };
  const markers = new RegExp(`(vink${nonce}m\\d+x)`);
  const split = (part: string): Cut | null => {
    const cut = part.split(markers).map((piece, i) => (i % 2 ? { key: byMarker.get(piece)! } : piece));
    return cut.some((piece) => typeof piece === "string" && piece.toLowerCase().includes(nonce)) ? null : cut;
  };
  const [subject, html, text] = [split(mail.subject), split(mail.html), split(mail.text)];
  if (!subject || !html || !text) return null;
  // renderEmail trims the template's text: a value at its very start or end is trimmed with it
  const first = text[0] === "" ? (text[1] as { key: K }).key : null;
  const last = text.length > 1 && String(text[text.length - 1]).startsWith("\n\n-- \n") ? (text[text.length - 2] as { key: K }).key : null;
  return { subject, html, text, first, last };
}

const same = (value: string) => value;

/** React's escaping of text and attribute values (react-dom/server), character for character. */
function escapeHtml(value: string): string {
  return value.replace(/["&'<>]/g, (c) => ({ '"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" })[c]!);
}

function fill(cut: Cut, values: Record<string, string>, escape: (value: string) => string): string {
  let out = "";
  for (const piece of cut) out += typeof piece === "string" ? piece : escape(values[piece.key]!);
  return out;
}

/** After the preheader, blank characters keep a mail program from filling the preview with the body's first words. */
const PREHEADER_FILL = "\u034f\u00a0".repeat(80);

function EmailLayout({ lang, title, footer, preheader, children }: { lang: string; title: string; footer: string; preheader: string | null; children: ReactNode }) {
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={{ margin: 0, padding: 0, background: "#f5f5f5", fontFamily: "'IBM Plex Sans', Arial, sans-serif", color: "#1a1a1a" }}>
        {preheader ? (
          <div data-preheader="" style={{ display: "none", maxHeight: 0, overflow: "hidden", opacity: 0, fontSize: 1, lineHeight: "1px", color: "#ffffff" }}>
            {preheader}
            {PREHEADER_FILL}
          </div>
        ) : null}
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
