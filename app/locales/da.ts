// The Danish dictionary: one file per area of the portal (an area adds its file here and in en.ts). The server holds
// both languages (index.ts); a page in the browser loads only its own (browser.ts).
import auth from "./da/auth";
import common from "./da/common";
import events from "./da/events";
import forum from "./da/forum";
import invitations from "./da/invitations";
import evaluations from "./da/evaluations";
import mail from "./da/mail";
import privacy from "./da/privacy";
import staff from "./da/staff";
import security from "./da/security";
import status from "./da/status";
import participants from "./da/participants";

export const areas = { common, auth, mail, staff, forum, events, invitations, evaluations, security, privacy, status, participants };

export default { ...common, ...auth, ...mail, ...staff, ...forum, ...events, ...invitations, ...evaluations, ...security, ...privacy, ...status, ...participants };
