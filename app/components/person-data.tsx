import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDate, useLocale, useT } from "~/lib/i18n";
import { answerText, type Question } from "~/models/event-options";
import type { PersonData } from "~/models/person-data.server";
import type { MessageKey } from "~/locales";

/**
 * Everything held about one address, as the person sees it on /privacy/my-data/<token> and staff see it on
 * /staff/people: one view of the one collection (app/models/person-data.server.ts). `cancelHref` gives a registration
 * that may still be cancelled its link to the confirm step (the person's own page only).
 */
export function PersonDataView({ data, cancelHref }: { data: PersonData; cancelHref?: (registrationId: string) => string }) {
  const t = useT();
  const locale = useLocale();
  const date = (iso: string) => formatDate(locale, iso, "date");
  const mentioned = data.mentions ? data.mentions.auditLog + data.mentions.forumHistory + data.mentions.mailToOthers + data.mentions.otherText : 0;
  return (
    <>
      <Section id="registrations" title={t("privacy.registrations")}>
        {data.registrations.length === 0 ? <p>{t("privacy.noRegistrations")}</p> : null}
        {data.registrations.map((r) => (
          <article key={r.id} className="person-record">
            <h3 className="h4">{r.event.title}</h3>
            <dl>
              <dt>{t("privacy.status")}</dt>
              <dd>{t(`privacy.status.${r.status}` as MessageKey)}</dd>
              <dt>{t("privacy.dates")}</dt>
              <dd>{r.event.sessions.map((s) => formatDate(locale, s.startsAt, "datetime")).join(" · ")}</dd>
              <dt>{t("privacy.people")}</dt>
              <dd>{r.people.join(", ")}</dd>
              {r.phone ? (
                <>
                  <dt>{t("privacy.phone")}</dt>
                  <dd>{r.phone}</dd>
                </>
              ) : null}
              {r.answers.length ? (
                <>
                  <dt>{t("privacy.answers")}</dt>
                  <dd>
                    <ul className="nobullet-list">
                      {r.answers.map((a) => (
                        <li key={a.question} className="pre-wrap">
                          {t(`events.question.${a.question}` as MessageKey)}: {answerText(locale, a.question as Question, a.value)}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              ) : null}
              <dt>{t("privacy.signedUp")}</dt>
              <dd>{date(r.createdAt)}</dd>
              {r.waitlistOffers.length ? (
                <>
                  <dt>{t("privacy.offers")}</dt>
                  <dd>
                    {r.waitlistOffers
                      .map((o) => t("privacy.offerLine", { status: t(`privacy.offer.${o.status}` as MessageKey), date: formatDate(locale, o.offeredAt, "datetime") }))
                      .join("; ")}
                  </dd>
                </>
              ) : null}
            </dl>
            {r.canCancel && cancelHref ? (
              <p>
                <Link to={cancelHref(r.id)} className="button button-secondary" aria-label={t("privacy.cancelNamed", { title: r.event.title })}>
                  {t("privacy.cancel")}
                </Link>
              </p>
            ) : null}
          </article>
        ))}
      </Section>

      {data.invitations.length ? (
        <Section id="invitations" title={t("privacy.invitations")}>
          <ul>
            {data.invitations.map((i) => (
              <li key={i.id}>
                {t("privacy.invitationLine", { title: i.event.title, date: i.sentAt ? date(i.sentAt) : "–" })}. {t("privacy.answer")}:{" "}
                {t(i.answer ? (`privacy.answer.${i.answer}` as MessageKey) : "privacy.answer.none")}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {data.optOut ? (
        <Section id="opt-out" title={t("privacy.optOut")}>
          <p>{t("privacy.optOutSince", { date: date(data.optOut.since) })}</p>
        </Section>
      ) : null}

      {data.account || data.charterSignatures.length ? (
        <Section id="forum" title={t("privacy.forum")}>
          {data.account ? (
            <p>
              {t("privacy.account")}: {t("privacy.accountLine", { name: data.account.name, date: date(data.account.createdAt) })}
              {data.account.organisationContact ? (
                <>
                  <br />
                  {t("privacy.contactLine", { organisation: data.account.organisationContact.organisation, title: data.account.organisationContact.title })}
                </>
              ) : null}
            </p>
          ) : null}
          {data.charterSignatures.length ? (
            <>
              <h3 className="h4">{t("privacy.signatures")}</h3>
              <ul>
                {data.charterSignatures.map((s) => (
                  <li key={`${s.organisation}-${s.charterVersion}`}>{t("privacy.signatureLine", { version: s.charterVersion, organisation: s.organisation, date: date(s.signedAt) })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
      ) : null}

      {data.mail.length ? (
        <Section id="mail" title={t("privacy.mail")}>
          <table className="table table--compact table--responsive-headers">
              <thead>
                <tr>
                  <th scope="col">{t("privacy.mailSubjectCol")}</th>
                  <th scope="col">{t("privacy.mailDateCol")}</th>
                  <th scope="col">{t("privacy.mailStatusCol")}</th>
                </tr>
              </thead>
              <tbody>
                {data.mail.map((m, i) => (
                  <tr key={i}>
                    <td data-title={t("privacy.mailSubjectCol")}>{m.subject}</td>
                    <td data-title={t("privacy.mailDateCol")}>{formatDate(locale, m.sentAt ?? m.queuedAt, "datetime")}</td>
                    <td data-title={t("privacy.mailStatusCol")}>{t(`privacy.mailStatus.${m.status}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
        </Section>
      ) : null}

      {data.dataAccessLinks.length || data.rateLimitRecords.length || mentioned ? (
        <Section id="other" title={t("privacy.other")}>
          <ul>
            {data.dataAccessLinks.length ? <li>{t("privacy.otherLinks", { count: data.dataAccessLinks.length })}</li> : null}
            {data.rateLimitRecords.length ? <li>{t("privacy.otherLimits", { count: data.rateLimitRecords.length })}</li> : null}
            {mentioned ? <li>{t("privacy.otherMentions", { count: mentioned })}</li> : null}
          </ul>
        </Section>
      ) : null}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="h3">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The two downloads of the same data. */
export function DownloadLinks({ base, query = "" }: { base: string; query?: string }) {
  const t = useT();
  return (
    <ul className="nobullet-list">
      <li>
        <a href={`${base}.json${query}`} download>
          {t("privacy.downloadJson")}
        </a>
      </li>
      <li>
        <a href={`${base}.csv${query}`} download>
          {t("privacy.downloadCsv")}
        </a>
      </li>
    </ul>
  );
}
