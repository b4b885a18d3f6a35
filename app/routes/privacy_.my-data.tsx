import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextField } from "~/components/form";
import { Notice } from "~/components/notice";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { DATA_ACCESS_MS, myDataRequestSchema, requestDataAccess } from "~/models/data-access.server";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "privacy.myDataTitle"), { name: "robots", content: "noindex" }];

export function loader({ request }: LoaderFunctionArgs) {
  return { sent: new URL(request.url).searchParams.get("sent") === "1", hours: DATA_ACCESS_MS / 3600_000 };
}

/** Anyone asks for their data: a link goes to the address, and the answer is the same whether we hold anything or not. */
export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), myDataRequestSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await requestDataAccess(parsed.data.email, context.locale, context.clientIp);
  if (!result.ok) return tooManyRequests(result.retryAfterS);
  return redirect("/privacy/my-data?sent=1", 303);
}

export default function MyData() {
  const t = useT();
  const { sent, hours } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        {sent ? (
          <>
            <h1>{t("privacy.sentHeading")}</h1>
            <Notice text={t("privacy.sent")} />
            <p>{t("privacy.sentHint", { hours })}</p>
            <p>
              <Link to="/privacy">{t("privacy.backToPrivacy")}</Link>
            </p>
          </>
        ) : (
          <>
            <h1>{t("privacy.myDataHeading")}</h1>
            <p className="font-lead">{t("privacy.myDataIntro")}</p>
            <p>{t("privacy.myDataWhy")}</p>
            <ErrorSummary state={state} labels={{ email: t("privacy.email") }} />
            <Form method="post" noValidate>
              <TextField name="email" type="email" label={t("privacy.email")} state={state} autoComplete="email" />
              <div className="actions">
                <button type="submit" className="button button-primary">
                  {t("privacy.myDataSubmit")}
                </button>
                <Link to="/privacy">{t("privacy.backToPrivacy")}</Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
