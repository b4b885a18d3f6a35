import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { InvalidLink, NewPasswordForm } from "~/components/new-password-form";
import { signInAndRedirect } from "~/models/sign-in-steps.server";
import { invalid, parseForm } from "~/lib/forms.server";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { acceptInvitation, checkPasswordToken, newPasswordSchema } from "~/models/password-links.server";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageTitle(matches, data?.valid ? "auth.inviteTitle" : "auth.linkInvalidTitle");


// The URL carries a one-time secret: no-store and no-referrer come with every secret-link address
// (app/lib/access.ts, secretLinkRoutes). A used-up or unknown link answers 410 with what to do next.

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await checkPasswordToken("STAFF_INVITE", params.token ?? "");
  if (!found) return data({ valid: false as const, name: "", email: "" }, { status: 410 });
  return { valid: true as const, name: found.name, email: found.email };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const parsed = parseForm(await request.formData(), newPasswordSchema);
  if (!parsed.ok) return invalid(parsed);
  const result = await acceptInvitation(params.token ?? "", parsed.data.password);
  if (!result.ok && result.reason === "password") return invalid({ errors: { password: result.problem }, values: parsed.values });
  if (!result.ok) return data({ tokenInvalid: true, errors: undefined, values: undefined }, { status: 410 });
  return signInAndRedirect(context, { id: result.userId, role: result.role });
}

export default function Invitation() {
  const t = useT();
  const { valid, name, email } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const tokenInvalid = !valid || (state && "tokenInvalid" in state);
  return (
    <div className="row">
      <div className="col-12 col-md-8 col-lg-6">
        {tokenInvalid ? (
          <InvalidLink messages={[t("auth.inviteLinkInvalid"), t("auth.inviteHasPassword")]} />
        ) : (
          <>
            <h1>{t("auth.inviteHeading")}</h1>
            <p>{t("auth.inviteIntro", { name, email })}</p>
            <NewPasswordForm state={state} submitLabel={t("auth.inviteSubmit")} />
          </>
        )}
      </div>
    </div>
  );
}
