import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { confirmApplication, peekConfirmation } from "~/models/forum-applications.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.confirmTitle");

// The link only shows a button: a mail scanner that follows links must not use up the confirmation.
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await peekConfirmation(params.token ?? "");
  // used up, expired or unknown (only hashes are kept, so these look alike): 410 with the way on, never a 200
  if (!found) return data({ organisationName: null }, { status: 410 });
  return { organisationName: found.organisationName };
}

export async function action({ params }: ActionFunctionArgs) {
  return { confirmed: await confirmApplication(params.token ?? "") };
}

export default function Confirm() {
  const t = useT();
  const { organisationName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.confirmed) {
    return (
      <article className="page-content">
        <h1>{t("forum.confirmDoneHeading")}</h1>
        <p>{t("forum.confirmDoneText")}</p>
        <p>
          <Link to="/login">{t("nav.login")}</Link>
        </p>
      </article>
    );
  }
  if (!organisationName || result) {
    return (
      <article className="page-content">
        <h1>{t("forum.linkInvalidHeading")}</h1>
        <p>{t("forum.linkInvalidText")}</p>
        <p>
          <Link to="/forum/apply">{t("forum.applyLink")}</Link>
        </p>
      </article>
    );
  }
  return (
    <article className="page-content">
      <h1>{t("forum.confirmHeading")}</h1>
      <p>{t("forum.confirmText", { organisation: organisationName })}</p>
      <Form method="post">
        <button type="submit" className="button button-primary">
          {t("forum.confirmSubmit")}
        </button>
      </Form>
    </article>
  );
}
