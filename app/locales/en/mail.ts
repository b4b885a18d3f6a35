import type da from "../da/mail";

export default {
  "mail.footer": "VINK, City of Copenhagen. You receive this mail because you used the VINK portal yourself or were invited by VINK.",
  "mail.greeting": "Dear {name}",
  "mail.linkFallback": "If the button does not work, copy this link into your browser:",
} satisfies Record<keyof typeof da, string>;
