import { notFound } from "~/lib/http.server";

// Any address under /member that no page claims: 404 inside the member frame (its error boundary keeps the menu).
export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}
