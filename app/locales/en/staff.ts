import type da from "../da/staff";

export default {
  "staff.navLabel": "Staff menu",
  "staff.navHome": "Overview",
  "staff.navUsers": "Users",
  "staff.navAudit": "Audit log",
  "staff.homeTitle": "Staff area",
  "staff.homeHeading": "Staff area",
  "staff.welcome": "Welcome, {name}.",
} satisfies Record<keyof typeof da, string>;
