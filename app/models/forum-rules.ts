import { z } from "zod";
import { email, hasControlChars, line as fieldLine, text } from "~/lib/field-rules";

/**
 * The forum's input rules, shared by the server (forms) and the pages (district names, field limits). Nothing here
 * touches the database. Error messages are translation keys.
 */

/** The ten bydele of Copenhagen, by a stable code; names come from the translation files (forum.district.<code>). */
export const DISTRICTS = [
  "indre-by",
  "osterbro",
  "norrebro",
  "vesterbro-kongens-enghave",
  "valby",
  "vanlose",
  "bronshoj-husum",
  "bispebjerg",
  "amager-ost",
  "amager-vest",
] as const;
type District = (typeof DISTRICTS)[number];

/**
 * The states staff see, in the order of the list's tabs. Unconfirmed applications are listed (marked as such) so
 * staff can help an applicant who mistyped the address; they cannot be decided on until confirmed.
 */
export const STAFF_STATES = ["PENDING", "UNCONFIRMED", "NEEDS_INFO", "APPROVED", "REJECTED", "SUSPENDED", "LAPSED", "LEFT"] as const;

/** CVR: eight digits, the first not 0, and the weighted sum (2,7,6,5,4,3,2,1) divisible by 11. */
export function isValidCvr(value: string): boolean {
  return cvrProblem(value) === null;
}

/**
 * What is wrong with a CVR number, as a translation key: not eight digits (or starting with 0, which no CVR does), or
 * eight digits whose modulus-11 check (weights 2,7,6,5,4,3,2,1) does not add up, which is almost always a typo.
 */
export function cvrProblem(value: string): "forum.err.cvrFormat" | "forum.err.cvrCheck" | null {
  if (!/^[1-9]\d{7}$/.test(value)) return "forum.err.cvrFormat";
  const weights = [2, 7, 6, 5, 4, 3, 2, 1];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return sum % 11 === 0 ? null : "forum.err.cvrCheck";
}

/** A Danish postcode: four digits, 0800–9990. */
export function isValidPostcode(value: string): boolean {
  if (!/^\d{4}$/.test(value)) return false;
  const n = Number(value);
  return n >= 800 && n <= 9990;
}

export const LIMITS = { name: 200, line: 200, url: 300, description: 4000, message: 4000, charterText: 60_000 } as const;

/** The forum's texts for the shared field rules (app/lib/field-rules.ts), so its pages say what they always said. */
const messages = { tooLong: "forum.err.tooLong", control: "forum.err.controlChars" };

function line(max: number = LIMITS.line) {
  return fieldLine({ max, messages });
}

export function paragraphs(max: number) {
  return text({ max, messages });
}

const phoneField = z
  .string({ required_error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(30, "forum.err.phone")
  .refine((v) => /^\+?[0-9 ()-]{8,20}$/.test(v), "forum.err.phone");

const cvrField = z
  .string({ invalid_type_error: "form.invalid" })
  .optional()
  .transform((v) => (v ?? "").replace(/\s/g, ""))
  .superRefine((v, ctx) => {
    const problem = v === "" ? null : cvrProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform((v) => (v ? v : null));

const postcodeField = z
  .string({ required_error: "form.required" })
  .trim()
  .min(1, "form.required")
  .refine(isValidPostcode, "forum.err.postcode");

const websiteField = z
  .string({ invalid_type_error: "form.invalid" })
  .trim()
  .max(LIMITS.url, "forum.err.tooLong")
  .optional()
  .transform((v) => (v ? (/^https?:\/\//i.test(v) ? v : `https://${v}`) : null))
  .refine((v) => v === null || isHttpUrl(v), "forum.err.website");

function isHttpUrl(value: string) {
  if (hasControlChars(value) || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

const districtsField = z.preprocess(
  (v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z
    .array(z.enum(DISTRICTS, { errorMap: () => ({ message: "forum.err.districts" }) }))
    .min(1, "forum.err.districts")
    .max(DISTRICTS.length, "forum.err.districts")
    .transform((list) => [...new Set(list)]),
);

const ticked = (message: string) => z.literal("on", { errorMap: () => ({ message }) });

/** The organisation's profile: the same fields in the application and in the member's edit form. */
const organisationFields = {
  orgName: line(LIMITS.name),
  cvr: cvrField,
  street: line(),
  postcode: postcodeField,
  city: line(100),
  website: websiteField,
  districts: districtsField,
  description: paragraphs(LIMITS.description),
};

/** The signature: the same fields when applying and when signing a new version. */
const signatureFields = {
  charterVersionId: z.string({ required_error: "forum.err.charterChanged" }).min(1, "forum.err.charterChanged").max(100, "forum.err.charterChanged"),
  charterLocale: z.enum(["da", "en"], { errorMap: () => ({ message: "forum.err.charterChanged" }) }),
  declaration: ticked("forum.err.declaration"),
  signerName: line(LIMITS.name),
  signerTitle: line(),
  authority: ticked("forum.err.authority"),
};

const contactFields = {
  contactName: line(LIMITS.name),
  contactTitle: line(),
  email: email(),
  phone: phoneField,
};

export const applicationSchema = z.object({
  ...organisationFields,
  ...contactFields,
  password: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "auth.passwordTooLong"),
  ...signatureFields,
});
export type ApplicationInput = z.infer<typeof applicationSchema>;

export const profileSchema = z.object({ ...organisationFields, publicListing: z.literal("on").optional() });
export type ProfileInput = z.infer<typeof profileSchema>;

export const signatureSchema = z.object(signatureFields);
export type SignatureInput = z.infer<typeof signatureSchema>;

export const inviteContactSchema = z.object(contactFields);
export type InviteContactInput = z.infer<typeof inviteContactSchema>;

/** Days a member has to sign a new charter version. */
export const DEFAULT_DEADLINE_DAYS = 60;

export const publishCharterSchema = z.object({
  titleDa: line(),
  titleEn: line(),
  textDa: paragraphs(LIMITS.charterText),
  textEn: paragraphs(LIMITS.charterText),
  deadlineDays: z.coerce
    .number({ invalid_type_error: "forum.err.deadlineDays" })
    .int("forum.err.deadlineDays")
    .min(7, "forum.err.deadlineDays")
    .max(365, "forum.err.deadlineDays")
    .default(DEFAULT_DEADLINE_DAYS),
});
export type PublishCharterInput = z.infer<typeof publishCharterSchema>;

/** The organisation's columns from its profile fields (the application and the member's edit form). */
export function organisationData(input: ProfileInput | ApplicationInput) {
  return {
    name: input.orgName,
    cvr: input.cvr,
    street: input.street,
    postcode: input.postcode,
    city: input.city,
    website: input.website,
    districts: input.districts.join(","),
    description: input.description,
  };
}

export function splitDistricts(value: string): District[] {
  return value.split(",").filter((d): d is District => (DISTRICTS as readonly string[]).includes(d));
}
