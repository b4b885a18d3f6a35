import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { useForumLabels } from "~/components/forum";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { invariantResponse, tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { requireUser } from "~/lib/session.server";
import { inviteContact, removeContact } from "~/models/forum-contacts.server";
import { getMemberOverview } from "~/models/forum-members.server";
import { inviteContactSchema, LIMITS } from "~/models/forum-rules";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.contactsTitle");

export const removeContactSchema = z.object({ contactId: z.string().min(1).max(100) });

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const overview = await getMemberOverview(user.id);
  invariantResponse(overview, "Forbidden", { status: 403 });
  return {
    contacts: overview.organisation.contacts.map((c) => ({
      id: c.id,
      name: c.user.name,
      email: c.user.email,
      title: c.title,
      phone: c.phone,
      pending: !c.user.emailVerifiedAt,
      you: c.userId === user.id,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const form = await request.formData();
  if (form.get("intent") === "remove") {
    const parsed = parseForm(form, removeContactSchema);
    if (!parsed.ok) return invalid(parsed);
    const result = await removeContact({ actorId: user.id, contactId: parsed.data.contactId });
    if (!result.ok && result.reason === "notFound") throw new Response("Not found", { status: 404 });
    if (!result.ok) return data({ errors: { _form: "forum.lastContact" }, values: {} as Record<string, string> }, { status: 409 });
    return result.self ? redirect("/") : redirectWithNotice("/member/contacts", "forum.removed");
  }
  const parsed = parseForm(form, inviteContactSchema);
  if (!parsed.ok) return invalid(parsed);
  const quota = await consumeMailQuota([`forum-invite:${user.id}`, `forum-invite:to:${parsed.data.email}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const result = await inviteContact(user.id, parsed.data, context.locale);
  if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
  return redirectWithNotice("/member/contacts", "forum.invited");
}

export default function MemberContacts() {
  const t = useT();
  const { contacts } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const labels = useForumLabels();
  return (
    <>
      <h1>{t("forum.contactsTitle")}</h1>
      <Notice />
      <p>{t("forum.contactsIntro")}</p>
      <ErrorSummary state={state} labels={labels} />
      <ul className="nobullet-list stack">
        {contacts.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong> {c.you ? t("forum.contactYou") : ""}, {c.title}
            <br />
            {c.email}
            {c.phone ? `, ${c.phone}` : ""}
            {c.pending ? (
              <>
                <br />
                <span className="form-hint">{t("forum.contactPending")}</span>
              </>
            ) : null}
            {contacts.length > 1 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="contactId" value={c.id} />
                <button type="submit" className="button button-secondary">
                  {t("forum.removeContact", { name: c.name })}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t("forum.inviteHeading")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField name="contactName" label={t("forum.contactName")} state={state} maxLength={LIMITS.name} autoComplete="off" />
        <TextField name="contactTitle" label={t("forum.contactTitle")} hint={t("forum.contactTitleHint")} state={state} maxLength={LIMITS.line} autoComplete="off" />
        <TextField name="email" type="email" label={t("forum.email")} state={state} maxLength={254} autoComplete="off" />
        <TextField name="phone" type="tel" label={t("forum.phone")} state={state} maxLength={30} autoComplete="off" />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("forum.inviteSubmit")}
          </button>
        </div>
      </Form>
    </>
  );
}
