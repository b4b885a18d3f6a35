import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/notice";
import { redirectWithNotice } from "~/lib/flash.server";
import { readAppliedEmail } from "~/lib/forum-applied.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { consumeMailQuota, networkBucket } from "~/lib/rate-limit.server";
import { resendConfirmation } from "~/models/forum-applications.server";
import { email } from "~/lib/field-rules";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.appliedTitle");

const resendSchema = z.object({ email: email() });

export function loader({ request }: LoaderFunctionArgs) {
  return { email: readAppliedEmail(request.headers.get("Cookie")) };
}

/**
 * The confirmation mail again. The answer is the same whether the address has an unconfirmed application, a
 * confirmed one, an account or nothing; the limits per address and per network keep it from being a mail cannon.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), resendSchema);
  if (!parsed.ok) return invalid(parsed);
  const quota = await consumeMailQuota([networkBucket("forum-resend", context.clientIp), `forum-resend:to:${parsed.data.email}`]);
  if (!quota.ok) return tooManyRequests(quota.retryAfterS);
  await resendConfirmation(parsed.data.email);
  return redirectWithNotice("/forum/applied", "forum.resendDone");
}

export default function Applied() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <article className="page-content">
      <h1>{t("forum.appliedHeading")}</h1>
      <Notice />
      <p className="font-lead">{t("forum.appliedText")}</p>
      {email ? (
        <p>
          <strong>{t("forum.appliedSentTo", { email })}</strong> {t("forum.appliedWrongAddress")}
        </p>
      ) : null}
      <p>{t("forum.appliedKeep")}</p>
      <h2>{t("forum.resendHeading")}</h2>
      <p>{t("forum.resendText")}</p>
      <ErrorSummary state={state} labels={{ email: t("forum.resendEmail") }} />
      <Form method="post" noValidate>
        <TextField name="email" type="email" label={t("forum.resendEmail")} state={state} defaultValue={email ?? ""} autoComplete="email" maxLength={254} />
        <div className="actions">
          <button type="submit" className="button button-secondary">
            {t("forum.resendSubmit")}
          </button>
        </div>
      </Form>
    </article>
  );
}
