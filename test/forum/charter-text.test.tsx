import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CharterText } from "~/components/forum";

describe("the charter's text on a page", () => {
  it("shows a section's heading as a heading and its text as a paragraph, and never markup", () => {
    const html = renderToStaticMarkup(
      <CharterText title="Charter" text={"Indledning.\n\n# Lighed for loven\nLoven gælder ens for alle.\n\n<script>x</script>"} />,
    );
    expect(html).toContain("<h3>Lighed for loven</h3>");
    expect(html).toContain('<p class="pre-wrap">Loven gælder ens for alle.</p>');
    expect(html).toContain("&lt;script&gt;x&lt;/script&gt;");
  });
});
