import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form";
import { invalid, parseForm } from "~/lib/forms.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { acceptContactInvite, peekContactInvite } from "~/models/forum-contacts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.joinTitle");

export const joinSchema = z.object({
  password: z.string({ required_error: "form.required" }).min(1, "form.required").max(1000, "auth.passwordTooLong"),
});

export async function loader({ params }: LoaderFunctionArgs) {
  const invite = await peekContactInvite(params.token ?? "");
  // used up, expired or unknown (only hashes are kept, so these look alike): 410 with the way on, never a 200
  if (!invite) return data({ invite: null }, { status: 410 });
  return { invite };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), joinSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await acceptContactInvite(params.token ?? "", parsed.data.password);
  if (!result.ok) return invalid({ errors: result.errors, values: parsed.values });
  return { done: true as const };
}

/** An invited contact person chooses a password (the invitation link works once, for 7 days). */
export default function Join() {
  const t = useT();
  const { invite } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  if (state && "done" in state) {
    return (
      <article className="page-content">
        <h1>{t("forum.joinTitle")}</h1>
        <p>{t("forum.joinDone")}</p>
        <p>
          <Link to="/login" className="button button-primary">
            {t("nav.login")}
          </Link>
        </p>
      </article>
    );
  }
  if (!invite) {
    return (
      <article className="page-content">
        <h1>{t("forum.linkInvalidHeading")}</h1>
        <p>{t("forum.err.linkInvalid")}</p>
      </article>
    );
  }
  const formState = state && "errors" in state ? state : undefined;
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        <h1>{t("forum.joinHeading", { organisation: invite.organisationName })}</h1>
        <p>{t("forum.joinText", { email: invite.email })}</p>
        <ErrorSummary state={formState} labels={{ password: t("forum.password") }} />
        <Form method="post" noValidate>
          <input type="text" name="username" value={invite.email} autoComplete="username" readOnly hidden />
          <TextField name="password" type="password" label={t("forum.password")} hint={t("forum.passwordHint")} state={formState} autoComplete="new-password" maxLength={64} />
          <div className="actions">
            <button type="submit" className="button button-primary">
              {t("forum.joinSubmit")}
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}
