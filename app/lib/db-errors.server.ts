import { Prisma } from "~/generated/prisma/client";

/**
 * A write refused because a unique constraint already holds the value (Prisma's P2002): two people taking the same
 * address, a second answer, a repeated insert. The one place that recognises it, by Prisma's own error class.
 */
export function isUniqueViolation(error: unknown): error is Prisma.PrismaClientKnownRequestError {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
