import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { recipientEmailByToken } from "~/models/invitation-answers.server";
import { isOptedOut, optOut } from "~/models/optouts.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => [...pageTitle(matches, "invitations.unsubscribeTitle"), { name: "robots", content: "noindex" }];

/**
 * The List-Unsubscribe target. GET only shows a page with a button (a mail scanner that follows the link changes
 * nothing); POST opts the address out without signing in — from the button, or from the mail provider's one-click
 * POST (RFC 8058), which comes without an Origin header and is exempted from the Origin check for this path alone.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const email = await recipientEmailByToken(params.token ?? "");
  if (!email) throw notFound();
  return { email, done: await isOptedOut(email) };
}

export async function action({ params }: ActionFunctionArgs) {
  const email = await recipientEmailByToken(params.token ?? "");
  if (!email) throw notFound();
  await optOut(email);
  return { done: true as const };
}

export default function Unsubscribe() {
  const t = useT();
  const { email, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <div className="row">
      <div className="col-12 col-md-10 col-lg-8">
        <h1>{t("invitations.unsubscribeHeading")}</h1>
        {done || posted?.done ? (
          <Notice text={t("invitations.unsubscribeDone", { email })} />
        ) : (
          <>
            <p>{t("invitations.unsubscribeText", { email })}</p>
            <Form method="post">
              <button type="submit" className="button button-primary">
                {t("invitations.unsubscribeSubmit")}
              </button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
