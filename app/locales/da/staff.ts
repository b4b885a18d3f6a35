export default {
  "staff.navLabel": "Medarbejdermenu",
  "staff.navHome": "Overblik",
  "staff.navUsers": "Brugere",
  "staff.navAudit": "Revisionslog",
  "staff.homeTitle": "Medarbejderområde",
  "staff.homeHeading": "Medarbejderområde",
  "staff.welcome": "Velkommen, {name}.",
} as const;
