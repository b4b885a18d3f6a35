import { z } from "zod";

/**
 * The rules for what a person may type into a field, in one place: every form's Zod schema builds its fields from
 * these, so a one-line field refuses the same characters everywhere and an address is checked the same way on every
 * form, in the paste parser and in the outbox. Messages are translation keys; each form may name its own (the public
 * sign-up names the field in every message), and gets the common ones otherwise. Nothing here touches the database,
 * so pages may import it too.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlInLine = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex -- text keeps tabs and line breaks, no other control character
const controlInText = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
const markup = /[<>]/;
const htmlTag = /<\/?[a-z!][^>]*>/i;
/** One address, nothing that could add a second one or break a header: no space, comma, semicolon, brackets, quotes. */
const singleAddress = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+\.[^\s@,;<>()"]+$/;

const MAX_EMAIL = 254;
export const MAX_NAME = 120;

/** A one-line value (a name, a subject, a header): true when it holds a line break or any other control character. */
export function hasControlChars(value: string): boolean {
  return controlInLine.test(value);
}

/** Multi-line text: true when it holds a control character other than tab and line breaks. */
export function hasControlCharsInText(value: string): boolean {
  return controlInText.test(value);
}

/** How every address is stored and compared: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * One address and nothing that could add a second one or break a header, short enough for one: the outbox's last
 * check before anything is queued. It does not judge the spelling (an address kept from earlier stays deliverable).
 */
export function isSingleAddress(value: string): boolean {
  return value.length <= MAX_EMAIL && singleAddress.test(value) && !controlInLine.test(value);
}

/** An address a person may type into a form or a list: one single address, spelled as an address (Zod's rule). */
export function isEmailAddress(value: string): boolean {
  return isSingleAddress(value) && z.string().email().safeParse(value).success;
}

/** What is wrong with a person's name, as a message key from `messages`, or null. */
export function nameProblem(value: string | undefined | null, messages: Pick<Messages, "required" | "tooLong" | "control" | "markup">, max = MAX_NAME) {
  if (!value) return messages.required;
  if (value.length > max) return messages.tooLong;
  if (controlInLine.test(value)) return messages.control;
  if (markup.test(value)) return messages.markup;
  return null;
}

export type Messages = { required: string; tooLong: string; control: string; markup: string; html: string; email: string };
const common: Messages = {
  required: "form.required",
  tooLong: "form.tooLong",
  control: "form.invalid",
  markup: "form.invalid",
  html: "form.invalid",
  email: "form.invalidEmail",
};
type Options = { max: number; messages?: Partial<Messages> };
const withCommon = (messages?: Partial<Messages>): Messages => ({ ...common, ...messages });
const emptyToNull = (v: string | undefined | null) => (v ? v : null);
const newlines = (v: string) => v.replace(/\r\n?/g, "\n");

/** A required one-line field: trimmed, no control characters. */
export function line({ max, messages }: Options) {
  const m = withCommon(messages);
  return z
    .string({ required_error: m.required, invalid_type_error: m.required })
    .trim()
    .min(1, m.required)
    .max(max, m.tooLong)
    .refine((v) => !controlInLine.test(v), m.control);
}

/** An optional one-line field: null when left empty. */
export function optionalLine({ max, messages }: Options) {
  const m = withCommon(messages);
  return z
    .string({ invalid_type_error: m.control })
    .trim()
    .max(max, m.tooLong)
    .refine((v) => !controlInLine.test(v), m.control)
    .optional()
    .transform(emptyToNull);
}

/** Required multi-line text: line breaks normalised to \n, tabs kept, no other control characters; `noHtml` refuses tags. */
export function text({ max, messages, noHtml = false }: Options & { noHtml?: boolean }) {
  const m = withCommon(messages);
  return z
    .string({ required_error: m.required, invalid_type_error: m.required })
    .transform((v) => newlines(v).trim())
    .pipe(
      z
        .string()
        .min(1, m.required)
        .max(max, m.tooLong)
        .refine((v) => !controlInText.test(v), m.control)
        .refine((v) => !noHtml || !htmlTag.test(v), m.html),
    );
}

/** Optional multi-line text: null when empty. */
export function optionalText({ max, messages, noHtml = false }: Options & { noHtml?: boolean }) {
  const m = withCommon(messages);
  return z
    .string({ invalid_type_error: m.control })
    .optional()
    .transform((v) => newlines(v ?? "").trim())
    .pipe(
      z
        .string()
        .max(max, m.tooLong)
        .refine((v) => !controlInText.test(v), m.control)
        .refine((v) => !noHtml || !htmlTag.test(v), m.html),
    )
    .transform(emptyToNull);
}

/** A required address: one plain address, normalised. */
export function email({ messages }: { messages?: Partial<Messages> } = {}) {
  const m = withCommon(messages);
  return z
    .string({ required_error: m.required, invalid_type_error: m.required })
    .trim()
    .min(1, m.required)
    .max(MAX_EMAIL, m.email)
    .refine((v) => isEmailAddress(normaliseEmail(v)), m.email)
    .transform(normaliseEmail);
}

