import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { districtNames } from "~/components/forum";
import { useT } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { listPublicMembers } from "~/models/forum-members.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "forum.membersTitle");

export async function loader() {
  return { members: await listPublicMembers() };
}

/** Member organisations that chose to be listed (off by default). */
export default function ForumMembers() {
  const t = useT();
  const { members } = useLoaderData<typeof loader>();
  return (
    <article className="page-content">
      <h1>{t("forum.membersHeading")}</h1>
      <p>{t("forum.membersIntro")}</p>
      {members.length === 0 ? (
        <p>{t("forum.membersEmpty")}</p>
      ) : (
        <ul className="nobullet-list stack">
          {members.map((m) => (
            <li key={m.id}>
              <h2 className="h3">{m.name}</h2>
              <p>{t("forum.worksIn", { districts: districtNames(t, m.districts) })}</p>
              {m.website ? (
                <p>
                  <a href={m.website} rel="noopener noreferrer nofollow">
                    {m.website}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
