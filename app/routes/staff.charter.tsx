import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, TextArea, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireAdmin } from "~/lib/session.server";
import { listCharterVersions, publishCharterVersion } from "~/models/forum.server";
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

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(context);
  const parsed = parseForm(await request.formData(), publishCharterSchema);
  if (!parsed.ok) return invalid(parsed);
  await publishCharterVersion(admin.id, parsed.data);
  return redirect("/staff/charter?done=1");
}

/** The charter's versions, and the form where an admin publishes the next one (prefilled with the current text). */
export default function StaffCharter() {
  const t = useT();
  const locale = useLocale();
  const { versions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const current = versions[0];
  return (
    <>
      <h1>{t("forum.charterAdminHeading")}</h1>
      <Notice text={params.get("done") ? t("forum.published") : null} />
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
