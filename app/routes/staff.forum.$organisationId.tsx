import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextArea, TextField } from "~/components/form";
import { districtNames } from "~/components/forum";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { invariantResponse, tooManyRequests } from "~/lib/http.server";
import { consumeMailQuota } from "~/lib/rate-limit.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle, textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import { correctApplicantEmail, resendConfirmationByStaff, UNCONFIRMED_KEEP_DAYS } from "~/models/forum-applications.server";
import { getOrganisationForStaff } from "~/models/forum-members.server";
import { allowedActions, decide, type StaffAction } from "~/models/organisation-states.server";
import { email } from "~/lib/field-rules";
import { LIMITS, paragraphs } from "~/models/forum-rules";
import { Notice } from "~/components/notice";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data ? textTitle(matches, data.organisation.name) : pageTitle(matches, "forum.staffTitle");

const withMessage = ["reject", "requestInfo", "suspend"] as const;

export const decisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["approve", "reinstate", "registerLeft"]) }),
  z.object({ intent: z.enum(withMessage), message: paragraphs(LIMITS.message) }),
]);

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const organisation = await getOrganisationForStaff(params.organisationId ?? "");
  invariantResponse(organisation, "Not found", { status: 404 });
  const deletedOn = new Date(organisation.createdAt.getTime() + UNCONFIRMED_KEEP_DAYS * 24 * 3600_000);
  return { organisation, actions: allowedActions(organisation.state), deletedOn };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const staff = requireStaff(context);
  const id = params.organisationId ?? "";
  invariantResponse(await getOrganisationForStaff(id), "Not found", { status: 404 });
  const form = await request.formData();
  const intent0 = String(form.get("intent") ?? "");
  if (intent0 === "resendConfirmation" || intent0 === "correctEmail") return unconfirmedAction(form, intent0, id, staff.id);
  // each message box has its own name (one form per action on the page); the schema reads it as "message"
  const intent = String(form.get("intent") ?? "");
  if (form.has(`message-${intent}`)) form.set("message", String(form.get(`message-${intent}`)));
  const parsed = parseForm(form, decisionSchema);
  if (!parsed.ok) {
    const errors = parsed.errors.message ? { [`message-${intent}`]: parsed.errors.message } : { _form: "form.invalid" };
    return invalid({ errors, values: parsed.values });
  }
  const message = "message" in parsed.data ? parsed.data.message : null;
  const result = await decide({ organisationId: id, action: parsed.data.intent as StaffAction, actorId: staff.id, message });
  if (!result.ok) {
    if (result.reason === "notFound") throw new Response("Not found", { status: 404 });
    return data({ errors: { _form: result.reason === "messageRequired" ? "forum.err.messageRequired" : "forum.caseNotAllowed" }, values: parsed.values }, { status: 409 });
  }
  return redirectWithNotice(`/staff/forum/${id}`, "forum.caseDone");
}

const correctEmailSchema = z.object({ email: email() });

/** Help for an applicant who has not confirmed: the confirmation again, or to a corrected address. Audited, limited. */
async function unconfirmedAction(form: FormData, intent: "resendConfirmation" | "correctEmail", id: string, staffId: string) {
  let email: string | null = null;
  if (intent === "correctEmail") {
    const parsed = parseForm(form, correctEmailSchema);
    if (!parsed.ok) return invalid(parsed);
    email = parsed.data.email;
  }
  const quota = await consumeMailQuota([`forum-staff-resend:by:${staffId}`, `forum-staff-resend:org:${id}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  const result = email ? await correctApplicantEmail({ organisationId: id, actorId: staffId }, email) : await resendConfirmationByStaff({ organisationId: id, actorId: staffId });
  if (!result.ok) {
    if (result.reason === "notFound") throw new Response("Not found", { status: 404 });
    if (result.reason === "invalid") return invalid({ errors: result.errors, values: { email: email ?? "" } });
    return data({ errors: { _form: "forum.caseNotAllowed" }, values: {} as Record<string, string> }, { status: 409 });
  }
  return redirectWithNotice(`/staff/forum/${id}`, intent === "correctEmail" ? "forum.correctEmailDone" : "forum.staffResendDone");
}

export default function StaffForumCase() {
  const t = useT();
  const locale = useLocale();
  const { organisation: o, actions, deletedOn } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <>
      <h1>{t("forum.caseTitle", { organisation: o.name })}</h1>
      <Notice />
      <ErrorSummary
        state={state}
        labels={{ "message-reject": t("forum.reason"), "message-requestInfo": t("forum.question"), "message-suspend": t("forum.reason"), email: t("forum.correctEmail") }}
      />
      <p className="font-lead">{t("forum.applicationState", { state: t(`forum.state.${o.state}` as MessageKey) })}</p>
      {o.state === "UNCONFIRMED" ? (
        <section aria-labelledby="unconfirmed-heading">
          <h2 id="unconfirmed-heading">{t("forum.unconfirmedActions")}</h2>
          <p>{t("forum.unconfirmedNotice", { date: formatDate(locale, deletedOn) })}</p>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="resendConfirmation" />
            <div className="actions">
              <button type="submit" className="button button-secondary">
                {t("forum.staffResend")}
              </button>
            </div>
          </Form>
          <Form method="post" noValidate className="stack">
            <input type="hidden" name="intent" value="correctEmail" />
            <TextField
              name="email"
              type="email"
              label={t("forum.correctEmail")}
              hint={t("forum.correctEmailHint")}
              state={state}
              defaultValue={o.contacts[0]?.user.email ?? ""}
              maxLength={254}
              autoComplete="off"
            />
            <div className="actions">
              <button type="submit" className="button button-secondary">
                {t("forum.correctEmailSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
      {o.stateMessage ? <p className="pre-wrap">{o.stateMessage}</p> : null}

      <h2>{t("forum.caseOrganisation")}</h2>
      <dl>
        <dt>{t("forum.orgName")}</dt>
        <dd>{o.name}</dd>
        <dt>{t("forum.cvr")}</dt>
        <dd>{o.cvr ?? "—"}</dd>
        <dt>{t("forum.street")}</dt>
        <dd>
          {o.street}, {o.postcode} {o.city}
        </dd>
        <dt>{t("forum.website")}</dt>
        <dd>{o.website ? <a href={o.website} rel="noopener noreferrer nofollow">{o.website}</a> : "—"}</dd>
        <dt>{t("forum.districts")}</dt>
        <dd>{districtNames(t, o.districts)}</dd>
        <dt>{t("forum.description")}</dt>
        <dd className="pre-wrap">{o.description}</dd>
        <dt>{t("forum.publicListing")}</dt>
        <dd>{o.publicListing ? t("forum.publicListingYes") : t("forum.publicListingNo")}</dd>
      </dl>

      <h2>{t("forum.caseContacts")}</h2>
      <ul>
        {o.contacts.map((c) => (
          <li key={c.id}>
            {c.user.name}, {c.title} — {c.user.email}
            {c.phone ? `, ${c.phone}` : ""}
            {c.user.emailVerifiedAt ? "" : ` (${t("forum.unverified")})`}
          </li>
        ))}
      </ul>

      <h2>{t("forum.caseSignatures")}</h2>
      {o.signatures.length === 0 ? (
        <p>{t("forum.notSigned")}</p>
      ) : (
        <ul>
          {o.signatures.map((s) => (
            <li key={s.id}>
              {t("forum.caseSignature", { number: s.charterVersion.number, date: formatDate(locale, s.signedAt, "datetime"), signer: s.signerName, title: s.signerTitle })}
              <br />
              <span className="form-hint">
                {t("forum.caseHash")}: <code>{s.textSha256}</code> ({s.locale})
              </span>
            </li>
          ))}
        </ul>
      )}

      {actions.length > 0 ? (
        <section aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t("forum.caseActions")}</h2>
          {actions.map((a) => (
            <Form method="post" key={a} noValidate className="stack">
              <input type="hidden" name="intent" value={a} />
              {(withMessage as readonly string[]).includes(a) ? (
                <TextArea name={`message-${a}`} label={a === "requestInfo" ? t("forum.question") : t("forum.reason")} state={state} rows={3} maxLength={LIMITS.message} />
              ) : null}
              <div className="actions">
                <button type="submit" className={`button ${a === "approve" || a === "reinstate" ? "button-primary" : "button-secondary"}`}>
                  {t(`forum.action.${a}` as MessageKey)}
                </button>
              </div>
            </Form>
          ))}
        </section>
      ) : null}

      <h2>{t("forum.caseHistory")}</h2>
      <ol className="nobullet-list stack">
        {o.history.map((h) => (
          <li key={h.id}>
            <strong>{t(`forum.history.${h.action}` as MessageKey)}</strong> — {formatDate(locale, h.createdAt, "datetime")}{" "}
            {t("forum.historyBy", { name: h.actor?.name ?? t("forum.system") })}
            {h.toState ? ` (${t(`forum.state.${h.toState}` as MessageKey)})` : ""}
            {h.message ? <span className="pre-wrap d-block">{h.message}</span> : null}
            {changedOf(h.details) ? (
              <span className="d-block form-hint">{t("forum.historyChanged", { fields: changedOf(h.details)!.map((f) => t(fieldLabels[f] ?? "forum.orgName")).join(", ") })}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}

// the model records changed fields by their column name
const fieldLabels: Record<string, MessageKey> = {
  name: "forum.orgName",
  cvr: "forum.cvr",
  street: "forum.street",
  postcode: "forum.postcode",
  city: "forum.city",
  website: "forum.website",
  districts: "forum.districts",
  description: "forum.description",
  publicListing: "forum.publicListing",
};

function changedOf(details: string | null): string[] | null {
  if (!details) return null;
  try {
    const changed = (JSON.parse(details) as { changed?: unknown }).changed;
    return Array.isArray(changed) && changed.length ? changed.map(String).filter((f) => f in fieldLabels) : null;
  } catch {
    return null;
  }
}
