// Input schemas for accounts, shared by the forms' server actions and the tests.
import { z } from "zod";

// A short list of passwords that meet the length rule yet are guessed first.
const COMMON_PASSWORDS = new Set([
  "password123", "password1234", "1234567890", "qwertyuiop", "iloveyou123", "letmein123",
  "welcome123", "administrator", "passw0rd123", "abc1234567", "qwerty12345", "0987654321",
  "correcthorsebatterystaple", "1q2w3e4r5t", "trustno1234", "quorumquorum",
]);

export const PASSWORD_MIN_LENGTH = 10;

import { storableText } from "./input";

export { NUL_MESSAGE, SURROGATE_MESSAGE, storableText } from "./input";

export const emailSchema = storableText("Enter your email address.")
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like ada@example.com." }));

export const passwordSchema = storableText("Enter a password.")
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(200, "Use at most 200 characters.")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "That password is too common; choose another.")
  .refine((p) => new Set(p).size >= 5, "Use more varied characters.");

export const signUpSchema = z
  .object({
    name: storableText("Enter your name.").trim().min(1, "Enter your name.").max(80, "Use at most 80 characters."),
    email: emailSchema,
    password: passwordSchema,
  })
  .refine((v) => !v.password.toLowerCase().includes(v.email.split("@")[0]) || v.email.split("@")[0].length < 4, {
    path: ["password"],
    message: "Don't use your email address in your password.",
  });

export const signInSchema = z.object({
  email: emailSchema,
  password: storableText("Enter your password.").min(1, "Enter your password.").max(200),
});

/** Changing the password: the current one (checked against the account), and a new one under the sign-up rules. */
export const passwordChangeSchema = z
  .object({
    currentPassword: storableText("Enter your current password.").min(1, "Enter your current password.").max(200),
    newPassword: passwordSchema,
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one." });

/** Deleting the account: the password again, and the words typed out, so it is never one stray click. */
export const DELETE_CONFIRMATION = "delete my account";
export const accountDeletionSchema = z.object({
  password: storableText("Enter your password.").min(1, "Enter your password.").max(200),
  confirmation: storableText(`Type "${DELETE_CONFIRMATION}" to confirm.`)
    .trim()
    .toLowerCase()
    .refine((v) => v === DELETE_CONFIRMATION, `Type "${DELETE_CONFIRMATION}" to confirm.`),
});

export type SignUpInput = z.input<typeof signUpSchema>;
export type SignInInput = z.input<typeof signInSchema>;

