// Any address no other route claims: answer 404 inside the layout, in the user's language.
export function loader() {
  throw new Response("Not found", { status: 404, statusText: "Not found" });
}

export default function NotFound() {
  return null;
}
