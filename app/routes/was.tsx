import { redirect } from "@remix-run/node";

// The accessibility statement's conventional short address (Digitaliseringsstyrelsen's "/was").
export function loader() {
  return redirect("/accessibility", 301);
}
