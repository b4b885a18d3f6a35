import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { email, line } from "~/lib/field-rules";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { redirectWithNotice } from "~/lib/flash.server";
import { isStaffRole } from "~/lib/roles";
import { invalid, parseForm } from "~/lib/forms.server";
import { tooManyRequests } from "~/lib/http.server";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { requireAdmin } from "~/lib/session.server";
import type { MessageKey } from "~/locales";
import { resetSecondFactor } from "~/models/account-security.server";
import { disableUser, enableUser, inviteStaff, listUsers, resendInvitation } from "~/models/users.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staff.usersTitle");

export const inviteStaffSchema = z.object({
  intent: z.literal("invite"),
  name: line({ max: 200 }),
  email: email(),
  role: z.enum(["STAFF", "ADMIN"], { required_error: "form.required", invalid_type_error: "form.invalid" }),
  locale: z.enum(["da", "en"], { required_error: "form.required", invalid_type_error: "form.invalid" }),
});

export const userActionSchema = z.object({
  intent: z.enum(["resend", "disable", "enable", "resetSecondFactor"]),
  userId: z.string().min(1).max(100),
});

export async function loader({ context }: LoaderFunctionArgs) {
  const admin = requireAdmin(context);
  return { users: await listUsers(), currentUserId: admin.id };
}

const done = (notice: MessageKey) => redirectWithNotice("/staff/users", notice);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = requireAdmin(context);
  const form = await request.formData();
  if (form.get("intent") === "invite") {
    const parsed = parseForm(form, inviteStaffSchema);
    if (!parsed.ok) return invalid(parsed);
    const result = await inviteStaff(admin, parsed.data);
    if (!result.ok && result.reason === "throttled") return tooManyRequests(result.retryAfterS);
    if (!result.ok) return invalid({ errors: { email: "staff.userExists" }, values: parsed.values });
    return done("staff.notice.invited");
  }
  const parsed = parseForm(form, userActionSchema);
  if (!parsed.ok) return data({ errors: { _form: "form.invalid" }, values: {} }, { status: 400 });
  const { intent, userId } = parsed.data;
  if (intent === "resend") {
    const result = await resendInvitation({ inviter: admin, userId });
    if (!result.ok && result.reason === "throttled") return tooManyRequests(result.retryAfterS);
    if (!result.ok) return data({ errors: { _form: "staff.notInvited" }, values: {} }, { status: 409 });
    return done("staff.notice.resent");
  }
  if (intent === "resetSecondFactor") {
    const result = await resetSecondFactor({ actorId: admin.id, userId });
    if (!result.ok) {
      const key = result.reason === "self" ? "security.cannotResetSelf" : "staff.userNotFound";
      return data({ errors: { _form: key }, values: {} }, { status: result.reason === "self" ? 409 : 404 });
    }
    return done("security.resetDone");
  }
  if (intent === "disable") {
    const result = await disableUser({ actorId: admin.id, userId });
    if (!result.ok) {
      const key = result.reason === "self" ? "staff.cannotDisableSelf" : "staff.userNotFound";
      return data({ errors: { _form: key }, values: {} }, { status: result.reason === "self" ? 409 : 404 });
    }
    return done("staff.notice.disabled");
  }
  const result = await enableUser({ actorId: admin.id, userId });
  if (!result.ok) return data({ errors: { _form: "staff.userNotFound" }, values: {} }, { status: 404 });
  return done("staff.notice.enabled");
}

export default function StaffUsers() {
  const t = useT();
  const locale = useLocale();
  const { users, currentUserId } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <>
      <h1>{t("staff.usersHeading")}</h1>
      <p>{t("staff.usersIntro")}</p>
      <Notice />
      <ErrorSummary
        state={state}
        labels={{ name: t("staff.inviteName"), email: t("staff.inviteEmail"), role: t("staff.inviteRole"), locale: t("staff.inviteLocale") }}
      />
      <div className="table--responsive-scroll">
        <table className="table table--compact">
          <caption className="sr-only">{t("staff.usersTableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("staff.userName")}</th>
              <th scope="col">{t("staff.userEmail")}</th>
              <th scope="col">{t("staff.userRole")}</th>
              <th scope="col">{t("staff.userState")}</th>
              <th scope="col">{t("security.factorColumn")}</th>
              <th scope="col">{t("staff.userChanged")}</th>
              <th scope="col">{t("staff.userActions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.name}
                  {u.id === currentUserId ? ` ${t("staff.you")}` : null}
                </th>
                <td>{u.email}</td>
                <td>{t(`staff.role.${u.role}` as MessageKey)}</td>
                <td>{t(`staff.state.${u.state}`)}</td>
                <td>{u.secondFactor ? t("security.factorYes") : t("security.factorNo")}</td>
                <td>{formatDate(locale, u.updatedAt, "datetime")}</td>
                <td>
                  {u.state === "invited" && isStaffRole(u.role) ? (
                    <RowAction userId={u.id} intent="resend" label={t("staff.resendInvitation")} name={u.name} />
                  ) : null}
                  {u.state === "disabled" ? (
                    <RowAction userId={u.id} intent="enable" label={t("staff.enableUser")} name={u.name} />
                  ) : u.id !== currentUserId ? (
                    <RowAction userId={u.id} intent="disable" label={t("staff.disableUser")} name={u.name} />
                  ) : null}
                  {u.secondFactor && u.id !== currentUserId ? (
                    <RowAction userId={u.id} intent="resetSecondFactor" label={t("security.resetFactor")} name={u.name} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{t("staff.inviteHeading")}</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField name="name" label={t("staff.inviteName")} state={state} autoComplete="off" maxLength={200} />
        <TextField name="email" type="email" label={t("staff.inviteEmail")} state={state} autoComplete="off" />
        <SelectField
          name="role"
          label={t("staff.inviteRole")}
          state={state}
          defaultValue="STAFF"
          options={[
            { value: "STAFF", label: t("staff.role.STAFF") },
            { value: "ADMIN", label: t("staff.role.ADMIN") },
          ]}
        />
        <SelectField
          name="locale"
          label={t("staff.inviteLocale")}
          state={state}
          defaultValue="da"
          options={[
            { value: "da", label: t("staff.localeDa") },
            { value: "en", label: t("staff.localeEn") },
          ]}
        />
        <div className="actions">
          <button type="submit" className="button button-primary">
            {t("staff.inviteSubmit")}
          </button>
        </div>
      </Form>
    </>
  );
}

function RowAction({ userId, intent, label, name }: { userId: string; intent: "resend" | "disable" | "enable" | "resetSecondFactor"; label: string; name: string }) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="button button-secondary">
        {label}
        <span className="sr-only"> {name}</span>
      </button>
    </Form>
  );
}
