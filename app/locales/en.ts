// The English dictionary: one file per area of the portal (an area adds its file here and in da.ts). The server holds
// both languages (index.ts); a page in the browser loads only its own (browser.ts).
import auth from "./en/auth";
import common from "./en/common";
import events from "./en/events";
import forum from "./en/forum";
import invitations from "./en/invitations";
import evaluations from "./en/evaluations";
import mail from "./en/mail";
import privacy from "./en/privacy";
import staff from "./en/staff";
import security from "./en/security";
import status from "./en/status";
import participants from "./en/participants";

export const areas = { common, auth, mail, staff, forum, events, invitations, evaluations, security, privacy, status, participants };

export default { ...common, ...auth, ...mail, ...staff, ...forum, ...events, ...invitations, ...evaluations, ...security, ...privacy, ...status, ...participants };
