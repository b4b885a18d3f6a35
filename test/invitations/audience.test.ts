import { describe, expect, it } from "vitest";
import { mergeAudiences, parseAddressList } from "~/models/audience.server";

describe("pasted and uploaded address lists", () => {
  it("reads name;email and name,email, with or without a header, and merges duplicates", () => {
    const withHeader = parseAddressList("Navn;E-mail\r\nAnna Hansen;Anna@Example.dk\r\nBo Jensen;bo@example.dk\r\n\r\nanna hansen;anna@example.dk\r\n");
    expect(withHeader.errors).toEqual([]);
    expect(withHeader.people).toEqual([
      { name: "Anna Hansen", email: "anna@example.dk" },
      { name: "Bo Jensen", email: "bo@example.dk" },
    ]);
    expect(withHeader.duplicates).toBe(1);

    const commas = parseAddressList('Cai Nielsen,cai@example.dk\n"Dam, Ditte",ditte@example.dk\nerik@example.dk');
    expect(commas.errors).toEqual([]);
    expect(commas.people.map((p) => [p.name, p.email])).toEqual([
      ["Cai Nielsen", "cai@example.dk"],
      ["Dam, Ditte", "ditte@example.dk"],
      ["", "erik@example.dk"],
    ]);
  });

  it("lists every bad line by its number: a line break in an address, a second address, junk", () => {
    const text = [
      "navn;email", // 1: header
      "Anna;anna@example.dk", // 2
      'Mallory;"mallory@example.dk\r\nBcc: victim@example.dk"', // 3-4: a quoted address with CR/LF
      "Eve;eve@example.dk,bob@example.dk", // 5: a comma-separated second address
      "Eve,eve@example.dk,bob@example.dk", // 6: the same with commas
      "Frank;frank@@example", // 7
      "Gitte;", // 8
      "Hans;hans@example.dk;ekstra;felt", // 9
      "<script>;s@example.dk", // 10
      "Ida;ida@example.dk", // 11
    ].join("\r\n");
    const parsed = parseAddressList(text);
    expect(parsed.errors.map((e) => [e.line, e.problem])).toEqual([
      [3, "invitations.line.lineBreak"],
      [5, "invitations.line.secondAddress"],
      [6, "invitations.line.secondAddress"],
      [7, "invitations.line.invalidEmail"],
      [8, "invitations.line.missingEmail"],
      [9, "invitations.line.tooManyFields"],
      [10, "invitations.line.invalidName"],
    ]);
    // the report shows the line with its line break made visible, never raw
    expect(parsed.errors[0]!.text).toContain("␍␊");
    expect(parsed.people.map((p) => p.email)).toEqual(["anna@example.dk", "ida@example.dk"]);
  });

  it("an unclosed quote is reported, not swallowed", () => {
    const parsed = parseAddressList('Anna;anna@example.dk\nBo;"bo@example.dk\nCai;cai@example.dk');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ line: 2, problem: "invitations.line.unclosedQuote" });
  });

  it("merging keeps the best-known name and language, one entry per address", () => {
    const merged = mergeAudiences(
      [{ name: "Medlem", email: "m@example.dk", locale: "en", userId: "u1" }],
      [{ name: "", email: "M@example.dk" }, { name: "Ny", email: "n@example.dk" }],
    );
    expect(merged.duplicates).toBe(1);
    expect(merged.people).toEqual([
      { name: "Medlem", email: "m@example.dk", locale: "en", userId: "u1" },
      { name: "Ny", email: "n@example.dk" },
    ]);
  });
});
