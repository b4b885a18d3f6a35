export default {
  "auth.loginTitle": "Log ind",
  "auth.loginHeading": "Log ind",
  "auth.email": "E-mail",
  "auth.password": "Adgangskode",
  "auth.loginSubmit": "Log ind",
  "auth.forgotLink": "Glemt adgangskode?",
  "auth.invalidCredentials": "E-mail eller adgangskode er forkert.",
  "auth.passwordTooShort": "Adgangskoden skal være på mindst 8 tegn.",
  "auth.passwordTooLong": "Adgangskoden må højst være på 64 tegn.",
  "auth.passwordCommon": "Adgangskoden er for almindelig. Vælg en, der er sværere at gætte.",
} as const;
