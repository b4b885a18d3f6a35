import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ChoiceGroup, ErrorSummary, TextArea, TextField } from "~/components/form";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { notFound } from "~/lib/http.server";
import { formatDate, formatNumber, translate, useLocale, useT } from "~/lib/i18n";
import { textTitle } from "~/lib/meta";
import { requireStaff } from "~/lib/session.server";
import { getEventForStaff } from "~/models/events.server";
import { AUDIENCES } from "~/models/participant-options";
import {
  listParticipantMessages,
  participantMessageSchema,
  previewParticipantMessage,
  recipientCounts,
  sendParticipantMessage,
} from "~/models/participant-messages.server";
import eventsCss from "~/styles/events.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: eventsCss }];
export const meta: MetaFunction<typeof loader> = ({ matches, data }) => textTitle(matches, data?.event.title ?? "");

export async function loader({ params, context }: LoaderFunctionArgs) {
  requireStaff(context);
  const event = await getEventForStaff(params.eventId ?? "");
  if (!event) notFound();
  return {
    event: { id: event.id, title: event.title },
    counts: await recipientCounts(event.id),
    messages: await listParticipantMessages(event.id),
  };
}

/** Two steps without JavaScript: "preview" shows the mail as sent and the count; "send" (from that page) queues it. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireStaff(context);
  const eventId = params.eventId ?? "";
  const form = await request.formData();
  const parsed = parseForm(form, participantMessageSchema);
  if (!parsed.ok) return invalid(parsed);
  const count = (await recipientCounts(eventId))[parsed.data.audience];
  if (count === 0) return invalid({ errors: { audience: "participants.errorNoRecipients" }, values: parsed.values }, 409);
  if (form.get("intent") === "send") {
    const result = await sendParticipantMessage({ actorId: user.id, eventId, input: parsed.data });
    if (!result.ok) {
      if (result.error === "not-found") notFound();
      const key = result.error === "rate-limited" ? "participants.errorRate" : "participants.errorNoRecipients";
      return invalid({ errors: { _form: key }, values: parsed.values }, result.error === "rate-limited" ? 429 : 409);
    }
    return redirectWithNotice(`/staff/events/${encodeURIComponent(eventId)}/messages/${result.messageId}`, "participants.sentNotice", { count: result.count });
  }
  const preview = await previewParticipantMessage(eventId, parsed.data, translate(context.locale, "participants.previewName"));
  if (!preview) notFound();
  // the plain-text part as the reader gets it (the HTML part says the same in the same order)
  const text = (m: { subject: string; text: string }) => ({ subject: m.subject, text: m.text });
  return data({ preview: { da: text(preview.da), en: parsed.data.messageEn ? text(preview.en) : null }, values: parsed.values, count });
}

type ActionData = {
  errors?: Record<string, string>;
  values?: Record<string, string>;
  preview?: { da: { subject: string; text: string }; en: { subject: string; text: string } | null };
  count?: number;
};

function MailPreview({ heading, mail }: { heading: string; mail: { subject: string; text: string } }) {
  const t = useT();
  return (
    <section className="mt-7">
      <h3>{heading}</h3>
      <p>
        <strong>{t("participants.previewSubjectLabel")}</strong> {mail.subject}
      </p>
      <div className="pre-wrap mail-preview-text" data-testid="mail-preview">
        {mail.text}
      </div>
    </section>
  );
}

export default function ParticipantMessages() {
  const t = useT();
  const locale = useLocale();
  const { event, counts, messages } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const n = (v: number) => formatNumber(locale, v);
  const state = actionData?.errors ? { errors: actionData.errors, values: actionData.values } : actionData?.values ? { values: actionData.values } : undefined;
  const preview = actionData?.preview;
  return (
    <>
      <p>
        <Link to={`/staff/events/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("participants.messagesTitle")}</h1>
      <p>{t("participants.messagesIntro")}</p>

      {preview && actionData?.values ? (
        <section aria-labelledby="preview-heading" className="mt-7">
          <h2 id="preview-heading" tabIndex={-1}>
            {t("participants.previewHeading")}
          </h2>
          <p className="font-lead">{t("participants.confirmSend", { count: n(actionData.count ?? 0) })}</p>
          <Form method="post">
            {Object.entries(actionData.values)
              .filter(([k]) => ["audience", "subject", "messageDa", "messageEn"].includes(k))
              .map(([k, v]) => (
                <input key={k} type="hidden" name={k} value={v} />
              ))}
            <button type="submit" name="intent" value="send" className="button button-primary">
              {t("participants.sendSubmit", { count: n(actionData.count ?? 0) })}
            </button>
          </Form>
          <MailPreview heading={t("events.language.da")} mail={preview.da} />
          {preview.en ? <MailPreview heading={t("events.language.en")} mail={preview.en} /> : null}
          <h2 className="mt-7">{t("participants.editAgain")}</h2>
        </section>
      ) : null}

      <ErrorSummary
        state={actionData?.errors ? state : undefined}
        labels={{ audience: t("participants.audience"), subject: t("participants.subject"), messageDa: t("participants.messageDa"), messageEn: t("participants.messageEn") }}
      />
      <Form method="post" noValidate>
        <ChoiceGroup
          kind="radio"
          name="audience"
          label={t("participants.audience")}
          state={state}
          defaultValues={[state?.values?.audience ?? "REGISTERED"]}
          options={AUDIENCES.map((a) => ({ value: a, label: t(`participants.audience.${a}`, { count: n(counts[a]) }) }))}
        />
        <TextField name="subject" label={t("participants.subject")} hint={t("participants.subjectHint")} state={state} maxLength={150} />
        <TextArea name="messageDa" label={t("participants.messageDa")} state={state} rows={8} maxLength={5000} />
        <TextArea name="messageEn" label={t("participants.messageEn")} hint={t("participants.messageEnHint")} state={state} optional rows={6} maxLength={5000} />
        <button type="submit" name="intent" value="preview" className="button button-secondary">
          {t("participants.previewSubmit")}
        </button>
      </Form>

      <section aria-labelledby="sent-heading" className="mt-7">
        <h2 id="sent-heading">{t("participants.sentList")}</h2>
        {messages.length === 0 ? (
          <p>{t("participants.sentNone")}</p>
        ) : (
          <ul>
            {messages.map((m) => (
              <li key={m.id}>
                <Link to={`/staff/events/${event.id}/messages/${m.id}`}>
                  {t("participants.sentRow", { date: formatDate(locale, m.createdAt, "datetime"), subject: m.subject, count: n(m.recipientCount) })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
