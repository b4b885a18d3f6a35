import type da from "../da/auth";

export default {
  "auth.loginTitle": "Sign in",
  "auth.loginHeading": "Sign in",
  "auth.email": "Email",
  "auth.password": "Password",
  "auth.loginSubmit": "Sign in",
  "auth.forgotLink": "Forgot your password?",
  "auth.invalidCredentials": "The email or password is wrong.",
  "auth.passwordTooShort": "The password must be at least 8 characters.",
  "auth.passwordTooLong": "The password can be at most 64 characters.",
  "auth.passwordCommon": "The password is too common. Choose one that is harder to guess.",
} satisfies Record<keyof typeof da, string>;
