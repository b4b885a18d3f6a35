import { z } from "zod";
import { hasControlChars, hasControlCharsInText, isEmailAddress, nameProblem } from "~/lib/field-rules";
import type { Locale } from "~/lib/i18n";
import type { MessageKey } from "~/locales";
import { RELATIONS, type Question } from "./event-options";

/**
 * The forms that put a person on an event or change their registration: the public sign-up, the answers on the
 * private page, staff adding someone who phoned. Built on the shared field rules (app/lib/field-rules.ts) with the
 * sign-up's own messages. No server code here.
 */

/** A registration is one person and at most two who come along. */
export const MAX_GROUP = 3;

const name = z
  .string({ required_error: "form.required" })
  .trim()
  .min(1, "form.required")
  .max(120, "events.errorTooLong")
  .refine((v) => !hasControlChars(v), "events.errorControl")
  .refine((v) => !/[<>]/.test(v), "events.errorMarkup");
const optionalLine = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "events.errorTooLong")
    .refine((v) => !hasControlChars(v), "events.errorControl")
    .optional()
    .transform((v) => v || undefined);

const answersSchema = z.object({
  relation: z.enum(RELATIONS).optional().or(z.literal("").transform(() => undefined)),
  language: optionalLine(100),
  interpreter: z.enum(["yes", "no"]).optional().or(z.literal("").transform(() => undefined)),
  needs: optionalLine(500),
  comment: z
    .string()
    .max(2000, "events.errorTooLong")
    .refine((v) => !hasControlCharsInText(v), "events.errorControl")
    .optional()
    .transform((v) => v?.replace(/\r\n?/g, "\n").trim() || undefined),
});

/**
 * A name on the public sign-up form: every message says what to do and names the field, so the error summary needs
 * no label in front of it ("Skriv dit navn", "Skriv navnet på person 2").
 */
const nameMessages = {
  name: { required: "events.errorNameMissing", tooLong: "events.errorNameTooLong", markup: "events.errorNameMarkup", control: "events.errorNameControl" },
  person2: { required: "events.errorPerson2Missing", tooLong: "events.errorPerson2TooLong", markup: "events.errorPerson2Markup", control: "events.errorPerson2Control" },
  person3: { required: "events.errorPerson3Missing", tooLong: "events.errorPerson3TooLong", markup: "events.errorPerson3Markup", control: "events.errorPerson3Control" },
} satisfies Record<string, Record<"required" | "tooLong" | "markup" | "control", MessageKey>>;
const rawLine = z.string().trim().optional().transform((v) => v || undefined);
const phone = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined)
  .refine((v) => !v || (v.length <= 30 && /^[+0-9 ()-]{6,30}$/.test(v)), "events.errorPhone");

/**
 * The public sign-up form; `website` is the honeypot a person never sees and a bot fills in. Fields in the order of
 * the form, so the error summary lists problems in that order. Person 2 and 3 are read (and checked) only when the
 * group needs them: "Kun mig" never stores, nor refuses, what is left in their fields.
 */
export const signupSchema = z
  .object({
    name: rawLine.superRefine((v, ctx) => {
      const problem = nameProblem(v, nameMessages.name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    email: z
      .string()
      .default("")
      .pipe(
        z
          .string()
          .trim()
          .min(1, "events.errorEmailMissing")
          .max(254, "events.errorEmailInvalid")
          .email("events.errorEmailInvalid")
          // no transform here: a failed transform stops the checks of person 2 and 3 below (zod skips refinements then)
          .refine((v) => isEmailAddress(v.toLowerCase()), "events.errorEmailInvalid"),
      ),
    phone,
    groupSize: z.enum(["1", "2", "3"], { errorMap: () => ({ message: "events.errorGroupSize" }) }).transform(Number),
    person2: rawLine,
    person3: rawLine,
    mayContactAgain: z.string().optional().transform((v) => v === "on"),
    website: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    for (const field of ["person2", "person3"] as const) {
      const problem = v.groupSize >= (field === "person2" ? 2 : 3) ? nameProblem(v[field], nameMessages[field]) : null;
      if (problem) ctx.addIssue({ code: "custom", path: [field], message: problem });
    }
  })
  // the questions come after the people on the form, and so do their messages
  .and(answersSchema)
  .transform((v) => ({
    name: v.name ?? "",
    email: v.email.toLowerCase(),
    phone: v.phone ?? null,
    companions: [v.person2, v.person3].slice(0, v.groupSize - 1).filter((p): p is string => Boolean(p)),
    answers: pickAnswers(v),
    mayContactAgain: v.mayContactAgain,
    honeypot: Boolean(v.website?.trim()),
  }));

export type Answers = Partial<Record<Question, string>>;

function pickAnswers(v: z.infer<typeof answersSchema>): Answers {
  const out: Answers = {};
  for (const q of ["relation", "language", "interpreter", "needs", "comment"] as const) if (v[q]) out[q] = v[q];
  return out;
}

/** The form on the private page: change answers and phone. */
export const answersFormSchema = answersSchema
  .extend({ phone })
  .transform((v) => ({ phone: v.phone ?? null, answers: pickAnswers(v) }));

/** Staff add someone who phoned: email optional (then no mail goes out). */
export const staffAddSchema = z
  .object({
    name,
    email: z
      .string()
      .trim()
      .max(254, "form.invalidEmail")
      .optional()
      .refine((v) => !v || (z.string().email().safeParse(v).success && isEmailAddress(v.toLowerCase())), "form.invalidEmail")
      .transform((v) => (v ? v.toLowerCase() : "")),
    phone: optionalLine(30),
    groupSize: z.enum(["1", "2", "3"], { errorMap: () => ({ message: "events.errorGroupSize" }) }).transform(Number),
    person2: optionalLine(120),
    person3: optionalLine(120),
    locale: z.enum(["da", "en"]).default("da"),
  })
  .transform((v) => ({
    name: v.name,
    email: v.email,
    phone: v.phone ?? null,
    locale: v.locale as Locale,
    companions: [v.person2, v.person3].slice(0, v.groupSize - 1).map((p, i) => p || `${v.name} +${i + 1}`),
  }));
