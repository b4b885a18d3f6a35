import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useEffect, useRef } from "react";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, TextField } from "~/components/form";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireAdmin } from "~/lib/session.server";
import { getCurrentCharter, listCharterVersions, membersToResign, publishCharterVersion, sameCharterText } from "~/models/charter.server";
import { DEFAULT_DEADLINE_DAYS, LIMITS, publishCharterSchema } from "~/models/forum-rules";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.charterAdminTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  requireAdmin(context);
  const versions = await listCharterVersions();
  return {
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      titleDa: v.titleDa,
      titleEn: v.titleEn,
      textDa: v.textDa,
      textEn: v.textEn,
      publishedAt: v.publishedAt,
      signDeadline: v.signDeadline,
      publishedBy: v.publishedBy?.name ?? null,
      signatures: v._count.signatures,
    })),
  };
}

/**
 * Publishing takes two submits: the first checks the text and answers with how many members will be asked to sign
 * (a page of its own, no JavaScript needed); the second, carrying that number, publishes. When the number changed in
 * between (a member approved meanwhile), the admin is asked again with the new one. An unchanged text is refused.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(context);
  const form = await request.formData();
  const parsed = parseForm(form, publishCharterSchema);
  if (!parsed.ok) return invalid(parsed);
  const current = await getCurrentCharter();
  if (current && sameCharterText(current, parsed.data)) return invalid({ errors: { _form: "forum.err.charterUnchanged" }, values: parsed.values });
  const members = await membersToResign();
  if (form.get("intent") !== "publish" || form.get("confirmedMembers") !== String(members)) {
    return { confirm: { members, number: (current?.number ?? 0) + 1 }, values: parsed.values };
  }
  const result = await publishCharterVersion(admin.id, parsed.data);
  if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
  return redirectWithNotice("/staff/charter", "forum.published");
}

/** The charter's versions, and the form where an admin publishes the next one (prefilled with the current text). */
export default function StaffCharter() {
  const t = useT();
  const locale = useLocale();
  const { versions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const current = versions[0];
  const confirm = state && "confirm" in state ? state.confirm : null;
  const values = state?.values;
  const confirmRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (confirm) confirmRef.current?.focus();
  }, [confirm]);
  return (
    <>
      <h1>{t("forum.charterAdminHeading")}</h1>
      <Notice />
      <ul className="nobullet-list stack">
        {versions.map((v) => (
          <li key={v.id}>
            <strong>{t("forum.charterVersionRow", { number: v.number, title: locale === "en" ? v.titleEn : v.titleDa })}</strong>
            <br />
            {t("forum.charterPublished", {
              date: formatDate(locale, v.publishedAt),
              name: v.publishedBy ?? "—",
              deadline: v.signDeadline ? formatDate(locale, v.signDeadline) : "—",
              count: v.signatures,
            })}
          </li>
        ))}
      </ul>
      <h2>{t("forum.publishHeading")}</h2>
      <p>{t("forum.publishHint")}</p>
      {confirm ? (
        <section className="alert alert-warning" aria-labelledby="confirm-heading" tabIndex={-1} ref={confirmRef}>
          <div className="alert-body">
            <h3 className="alert-heading" id="confirm-heading">
              {t("forum.publishConfirmHeading", { number: confirm.number })}
            </h3>
            <p className="alert-text">
              {confirm.members === 0 ? t("forum.publishConfirmNone") : confirm.members === 1 ? t("forum.publishConfirmOne") : t("forum.publishConfirmText", { count: confirm.members })}
            </p>
            <Form method="post" noValidate>
              {(["titleDa", "textDa", "titleEn", "textEn", "deadlineDays"] as const).map((k) => (
                <input key={k} type="hidden" name={k} value={values?.[k] ?? ""} />
              ))}
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="confirmedMembers" value={confirm.members} />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("forum.publishConfirmSubmit")}
                </button>
                <a href="#field-titleDa">{t("forum.publishConfirmBack")}</a>
              </div>
            </Form>
          </div>
        </section>
      ) : null}
      <ErrorSummary
        state={state}
        labels={{ titleDa: t("forum.titleDa"), titleEn: t("forum.titleEn"), textDa: t("forum.textDa"), textEn: t("forum.textEn"), deadlineDays: t("forum.deadlineDays") }}
      />
      <Form method="post" noValidate>
        <TextField name="titleDa" label={t("forum.titleDa")} state={state} maxLength={LIMITS.line} defaultValue={current?.titleDa} />
        <TextArea name="textDa" label={t("forum.textDa")} state={state} rows={14} maxLength={LIMITS.charterText} defaultValue={current?.textDa} />
        <TextField name="titleEn" label={t("forum.titleEn")} state={state} maxLength={LIMITS.line} defaultValue={current?.titleEn} />
        <TextArea name="textEn" label={t("forum.textEn")} state={state} rows={14} maxLength={LIMITS.charterText} defaultValue={current?.textEn} />
        <TextField name="deadlineDays" type="number" label={t("forum.deadlineDays")} state={state} defaultValue={String(DEFAULT_DEADLINE_DAYS)} className="input-width-xs" />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("forum.publishSubmit")}
          </button>
        </div>
      </Form>
    </>
  );
}
