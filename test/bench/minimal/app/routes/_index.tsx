import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "Minimal" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { path: new URL(request.url).pathname, at: new Date().toISOString() };
}

export default function Minimal() {
  const { path, at } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Minimal route</h1>
      <p>
        {path} at {at}
      </p>
    </>
  );
}
