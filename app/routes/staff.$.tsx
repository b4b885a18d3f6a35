import { notFound } from "~/lib/http.server";

// Any address under /staff that no page claims: 404 inside the staff frame (its error boundary keeps the menu).
export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
