import { Fragment } from "react";
import { ChoiceGroup, Checkbox, TextArea, TextField, type FormState } from "~/components/form";
import { useT } from "~/lib/i18n";
import type { MessageKey } from "~/locales";
import { DISTRICTS, LIMITS } from "~/models/forum-rules";

/** The charter's text: blocks separated by a blank line; a block starting with "# " is a heading. Never markup. */
export function CharterText({ title, text, headingLevel = 2 }: { title: string; text: string; headingLevel?: 1 | 2 }) {
  const Title = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";
  return (
    <div className="charter-text">
      <Title>{title}</Title>
      {text
        .split(/\n{2,}/)
        .map((b) => b.trim())
        .filter(Boolean)
        .map((block, i) => {
          if (!block.startsWith("# ")) {
            return (
              <p key={i} className="pre-wrap">
                {block}
              </p>
            );
          }
          // "# Heading" on its own line; the lines after it are the section's text
          const [heading, ...body] = block.slice(2).split("\n");
          return (
            <Fragment key={i}>
              <Sub>{heading}</Sub>
              {body.length ? <p className="pre-wrap">{body.join("\n").trim()}</p> : null}
            </Fragment>
          );
        })}
    </div>
  );
}

function useDistrictOptions() {
  const t = useT();
  return DISTRICTS.map((d) => ({ value: d, label: t(`forum.district.${d}` as MessageKey) }));
}

export function districtNames(t: ReturnType<typeof useT>, codes: string) {
  return codes
    .split(",")
    .filter((d) => (DISTRICTS as readonly string[]).includes(d))
    .map((d) => t(`forum.district.${d}` as MessageKey))
    .join(", ");
}

export type OrganisationDefaults = {
  name: string;
  cvr: string | null;
  street: string;
  postcode: string;
  city: string;
  website: string | null;
  districts: string;
  description: string;
};

/** The organisation's profile fields, the same in the application, the resubmission and the member's edit form. */
export function OrganisationFields({ state, defaults }: { state: FormState; defaults?: OrganisationDefaults }) {
  const t = useT();
  const districtOptions = useDistrictOptions();
  return (
    <>
      <TextField name="orgName" label={t("forum.orgName")} state={state} maxLength={LIMITS.name} defaultValue={defaults?.name} autoComplete="organization" />
      <TextField name="cvr" label={t("forum.cvr")} hint={t("forum.cvrHint")} state={state} optional inputMode="numeric" maxLength={11} defaultValue={defaults?.cvr ?? ""} className="input-width-s" />
      <TextField name="street" label={t("forum.street")} state={state} maxLength={LIMITS.line} defaultValue={defaults?.street} autoComplete="street-address" />
      <TextField name="postcode" label={t("forum.postcode")} state={state} inputMode="numeric" maxLength={4} defaultValue={defaults?.postcode} autoComplete="postal-code" className="input-width-xs" />
      <TextField name="city" label={t("forum.city")} state={state} maxLength={100} defaultValue={defaults?.city} autoComplete="address-level2" />
      <TextField name="website" label={t("forum.website")} hint={t("forum.websiteHint")} state={state} optional maxLength={LIMITS.url} defaultValue={defaults?.website ?? ""} autoComplete="url" />
      <ChoiceGroup
        kind="checkbox"
        name="districts"
        label={t("forum.districts")}
        hint={t("forum.districtsHint")}
        state={state}
        options={districtOptions}
        defaultValues={defaults?.districts ? defaults.districts.split(",") : []}
      />
      <TextArea name="description" label={t("forum.description")} hint={t("forum.descriptionHint")} state={state} maxLength={LIMITS.description} rows={6} defaultValue={defaults?.description} />
    </>
  );
}

export type CharterForSigning = { id: string; number: number; locale: string; title: string; text: string };

/** The full charter text and the signature: the same when applying and when signing a new version. */
export function SignatureFields({ state, charter, signerName }: { state: FormState; charter: CharterForSigning; signerName?: string }) {
  const t = useT();
  return (
    <>
      <input type="hidden" name="charterVersionId" value={charter.id} />
      <input type="hidden" name="charterLocale" value={charter.locale} />
      <p className="form-hint">{t("forum.charterReadHint")}</p>
      <section className="charter-box">
        <CharterText title={charter.title} text={charter.text} />
      </section>
      <Checkbox name="declaration" label={t("forum.declaration")} state={state} />
      <TextField name="signerName" label={t("forum.signerName")} state={state} maxLength={LIMITS.name} defaultValue={signerName} autoComplete="name" />
      <TextField name="signerTitle" label={t("forum.signerTitle")} state={state} maxLength={LIMITS.line} />
      <Checkbox name="authority" label={t("forum.authority")} state={state} />
    </>
  );
}

/** Field labels for the error summary. */
export function useForumLabels(): Record<string, string> {
  const t = useT();
  return {
    orgName: t("forum.orgName"),
    cvr: t("forum.cvr"),
    street: t("forum.street"),
    postcode: t("forum.postcode"),
    city: t("forum.city"),
    website: t("forum.website"),
    districts: t("forum.districts"),
    description: t("forum.description"),
    contactName: t("forum.contactName"),
    contactTitle: t("forum.contactTitle"),
    email: t("forum.email"),
    phone: t("forum.phone"),
    password: t("forum.password"),
    declaration: t("forum.declaration"),
    signerName: t("forum.signerName"),
    signerTitle: t("forum.signerTitle"),
    authority: t("forum.authority"),
    message: t("forum.reason"),
  };
}

