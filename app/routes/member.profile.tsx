import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Checkbox, ErrorSummary } from "~/components/form";
import { OrganisationFields, useForumLabels } from "~/components/forum";
import { redirectWithNotice } from "~/lib/flash.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { invariantResponse } from "~/lib/http.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireUser } from "~/lib/session.server";
import { getMemberOverview, updateProfile } from "~/models/forum-members.server";
import { profileSchema } from "~/models/forum-rules";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.profileTitle");

export async function loader({ context }: LoaderFunctionArgs) {
  const user = requireUser(context);
  const overview = await getMemberOverview(user.id);
  invariantResponse(overview, "Forbidden", { status: 403 });
  const o = overview.organisation;
  return { profile: { name: o.name, cvr: o.cvr, street: o.street, postcode: o.postcode, city: o.city, website: o.website, districts: o.districts, description: o.description }, publicListing: o.publicListing };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context);
  const parsed = parseForm(await request.formData(), profileSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await updateProfile(user.id, parsed.data);
  invariantResponse(result.ok, "Not found", { status: 404 });
  return redirectWithNotice("/member/profile", "forum.profileSaved");
}

export default function MemberProfile() {
  const t = useT();
  const { profile, publicListing } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const labels = useForumLabels();
  return (
    <>
      <h1>{t("forum.profileTitle")}</h1>
      <Notice />
      <ErrorSummary state={state} labels={labels} />
      <Form method="post" noValidate>
        <OrganisationFields state={state} defaults={profile} />
        <Checkbox name="publicListing" label={t("forum.publicListing")} state={state} defaultChecked={publicListing} />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("form.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
