export default {
  "mail.footer": "VINK, Københavns Kommune. Du får denne mail, fordi du selv har brugt VINK-portalen eller er inviteret af VINK.",
  "mail.greeting": "Kære {name}",
  "mail.linkFallback": "Virker knappen ikke, så kopier dette link ind i din browser:",
} as const;
