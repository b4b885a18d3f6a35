// One dictionary per area of the portal and language; an area adds its pair of files here.
import daAuth from "./da/auth";
import daCommon from "./da/common";
import daEvents from "./da/events";
import daForum from "./da/forum";
import daInvitations from "./da/invitations";
import daMail from "./da/mail";
import daStaff from "./da/staff";
import enAuth from "./en/auth";
import enCommon from "./en/common";
import enEvents from "./en/events";
import enForum from "./en/forum";
import enInvitations from "./en/invitations";
import enMail from "./en/mail";
import enStaff from "./en/staff";

export const dictionaries = {
  da: { ...daCommon, ...daAuth, ...daMail, ...daStaff, ...daForum, ...daEvents, ...daInvitations },
  en: { ...enCommon, ...enAuth, ...enMail, ...enStaff, ...enForum, ...enEvents, ...enInvitations },
};

/** Each area's pair, so a test can name the area that lacks a key. */
export const areas = {
  common: { da: daCommon, en: enCommon },
  auth: { da: daAuth, en: enAuth },
  mail: { da: daMail, en: enMail },
  staff: { da: daStaff, en: enStaff },
  forum: { da: daForum, en: enForum },
  events: { da: daEvents, en: enEvents },
  invitations: { da: daInvitations, en: enInvitations },
} as const;

export type MessageKey = keyof (typeof dictionaries)["da"];
