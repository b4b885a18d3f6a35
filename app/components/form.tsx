import { useEffect, useRef, type MouseEvent, type ReactNode } from "react";
import { useT } from "~/lib/i18n";
import type { MessageKey } from "~/locales";

/** What an action hands back when a form is wrong: field errors (translation keys) and the input as typed. */
export type FormState = { errors?: Record<string, string>; values?: Record<string, string> } | undefined;

function useMessage() {
  const t = useT();
  return (key: string | undefined) => (key ? t(key as MessageKey) : undefined);
}

/**
 * The design system's error summary: a heading and a link to each field with a problem. After a failed submit it takes
 * the focus, so a screen reader reads it first and a phone shows it (DKFDS error-summary pattern); a link moves focus to
 * its field and shows the field's label too. Without JavaScript the links still jump to the fields. A field's label
 * goes in front of its message only when given in `labels`: messages that name their field ("Skriv dit navn") need none.
 */
export function ErrorSummary({ state, labels }: { state: FormState; labels?: Record<string, string> }) {
  const t = useT();
  const msg = useMessage();
  const ref = useRef<HTMLDivElement>(null);
  const errors = state?.errors;
  const any = Boolean(errors && Object.keys(errors).length > 0);
  // each failed submit brings a new errors object: focus the summary again, also when the problems are the same
  useEffect(() => {
    if (any) ref.current?.focus();
  }, [errors, any]);
  if (!errors || !any) return null;
  return (
    <div ref={ref} className="alert alert-error error-summary" role="alert" aria-labelledby="error-summary-heading" tabIndex={-1}>
      <div className="alert-body">
        <h2 className="alert-heading" id="error-summary-heading">
          {t("form.errorSummary")}
        </h2>
        <ul className="alert-text nobullet-list">
          {Object.entries(errors).map(([field, key]) => (
            <li key={field}>
              {field === "_form" ? (
                msg(key)
              ) : (
                <a className="function-link" href={`#${fieldId(field)}`} onClick={(e) => focusField(e, field)}>
                  {labels?.[field] ? `${labels[field]}: ` : ""}
                  {msg(key)}
                </a>
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The field (or a group's first choice) gets the focus, scrolled so that its label or legend shows above it. */
function focusField(event: MouseEvent<HTMLAnchorElement>, field: string) {
  const target = document.getElementById(fieldId(field));
  if (!target) return;
  const input = target.matches("input, select, textarea") ? target : target.querySelector<HTMLElement>("input, select, textarea");
  if (!input) return;
  event.preventDefault();
  const caption = target.tagName === "FIELDSET" ? target.querySelector("legend") : document.querySelector(`label[for="${target.id}"]`);
  (caption ?? target).scrollIntoView({ block: "start" });
  input.focus({ preventScroll: true });
}

export function fieldId(name: string) {
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

type FieldProps = {
  name: string;
  label: string;
  state?: FormState;
  hint?: string;
  optional?: boolean;
  defaultValue?: string;
};

function FieldFrame({ name, label, state, hint, optional, children }: FieldProps & { children: ReactNode }) {
  const t = useT();
  const msg = useMessage();
  const error = msg(state?.errors?.[name]);
  const id = fieldId(name);
  return (
    <div className={`form-group${error ? " form-error" : ""}`}>
      <label className="form-label" htmlFor={id}>
        {label}
        {optional ? <span className="weight-normal"> {t("form.optional")}</span> : null}
      </label>
      {hint ? (
        <span className="form-hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="form-error-message" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {children}
    </div>
  );
}

function describedBy(name: string, hint?: string, error?: string) {
  const id = fieldId(name);
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

export function TextField(
  props: FieldProps & {
    type?: "text" | "email" | "tel" | "password" | "url" | "number" | "date" | "time" | "datetime-local";
    autoComplete?: string;
    maxLength?: number;
    inputMode?: "numeric" | "text" | "email" | "tel" | "url";
    className?: string;
  },
) {
  const { name, state, hint, optional, type = "text", autoComplete, maxLength, inputMode, className } = props;
  const error = state?.errors?.[name];
  const value = type === "password" ? undefined : (state?.values?.[name] ?? props.defaultValue);
  return (
    <FieldFrame {...props}>
      <input
        className={`form-input${className ? ` ${className}` : ""}`}
        id={fieldId(name)}
        name={name}
        type={type}
        defaultValue={value}
        autoComplete={autoComplete}
        maxLength={maxLength}
        inputMode={inputMode}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  const { name, state, hint, optional, rows = 5, maxLength } = props;
  const error = state?.errors?.[name];
  return (
    <FieldFrame {...props}>
      <textarea
        className="form-input"
        id={fieldId(name)}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={state?.values?.[name] ?? props.defaultValue}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  const { name, state, hint, optional, options } = props;
  const error = state?.errors?.[name];
  return (
    <FieldFrame {...props}>
      <select
        className="form-select"
        id={fieldId(name)}
        name={name}
        defaultValue={state?.values?.[name] ?? props.defaultValue}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A group of checkboxes or radio buttons in a fieldset with a legend. */
export function ChoiceGroup(
  props: FieldProps & {
    kind: "checkbox" | "radio";
    options: { value: string; label: string }[];
    defaultValues?: string[];
    /** told the value of a choice when it is checked or unchecked (a radio group's new value) */
    onChange?: (value: string, checked: boolean) => void;
  },
) {
  const t = useT();
  const msg = useMessage();
  const { name, label, state, hint, optional, kind, options } = props;
  const error = msg(state?.errors?.[name]);
  const id = fieldId(name);
  const chosen = state?.values?.[name] !== undefined ? state.values[name]!.split("\n") : (props.defaultValues ?? []);
  return (
    <div className={`form-group${error ? " form-error" : ""}`}>
      <fieldset aria-describedby={describedBy(name, hint, error)} id={id}>
        <legend className="form-label">
          {label}
          {optional ? <span className="weight-normal"> {t("form.optional")}</span> : null}
        </legend>
        {hint ? (
          <span className="form-hint" id={`${id}-hint`}>
            {hint}
          </span>
        ) : null}
        {error ? (
          <span className="form-error-message" id={`${id}-error`}>
            {error}
          </span>
        ) : null}
        <ul className="nobullet-list">
          {options.map((o, i) => (
            <li key={o.value} className={kind === "checkbox" ? "form-group-checkbox" : "form-group-radio"}>
              <input
                className={kind === "checkbox" ? "form-checkbox" : "form-radio"}
                type={kind}
                id={`${id}-${i}`}
                name={name}
                value={o.value}
                defaultChecked={chosen.includes(o.value)}
                onChange={props.onChange ? (e) => props.onChange?.(o.value, e.currentTarget.checked) : undefined}
              />
              <label htmlFor={`${id}-${i}`}>{o.label}</label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}

export function Checkbox({ name, label, state, defaultChecked }: { name: string; label: string; state?: FormState; defaultChecked?: boolean }) {
  const msg = useMessage();
  const error = msg(state?.errors?.[name]);
  const id = fieldId(name);
  const checked = state?.values ? state.values[name] !== undefined : defaultChecked;
  return (
    <div className={`form-group${error ? " form-error" : ""}`}>
      {error ? (
        <span className="form-error-message" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {/* the design system positions the box against .form-group-checkbox */}
      <div className="form-group-checkbox">
        <input
          className="form-checkbox"
          type="checkbox"
          id={id}
          name={name}
          value="on"
          defaultChecked={checked}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
