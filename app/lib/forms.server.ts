import { data } from "@remix-run/node";
import type { z } from "zod";

/**
 * One way to read a form: parse with the form's Zod schema. Error messages in schemas are translation keys
 * (e.g. "form.required"); the page translates them. On failure the action answers 400 with the errors and the
 * user's input, so nothing typed is lost.
 */
export type FieldErrors = Record<string, string>;
export type FormFailure = { ok: false; errors: FieldErrors; values: Record<string, string> };

export function parseForm<S extends z.ZodTypeAny>(
  form: FormData,
  schema: S,
): { ok: true; data: z.infer<S>; values: Record<string, string> } | FormFailure {
  const values = formValues(form);
  const raw: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 || key.endsWith("[]") ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    errors[field] ??= issue.message.includes(".") && !issue.message.includes(" ") ? issue.message : "form.invalid";
  }
  return { ok: false, errors, values };
}

/** The user's input, as typed, for putting back into the form (passwords are never echoed). */
function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || /password/i.test(key)) continue;
    values[key] = key in values ? `${values[key]}\n${value}` : value;
  }
  return values;
}

export function invalid(failure: FormFailure | { errors: FieldErrors; values: Record<string, string> }, status = 400) {
  return data({ errors: failure.errors, values: failure.values }, { status });
}
