import { describe, expect, it } from "vitest";
import { csvRows, guessMapping, parseRecipients, parseTable } from "~/models/recipient-input";

const pairs = (r: { people: { name: string; email: string }[] }) => r.people.map((p) => [p.name, p.email]);

describe("the recipient box reads what staff have", () => {
  it("lines of addresses, upper case and mailto: included", () => {
    const r = parseRecipients("anna@example.dk\r\nBo@Example.dk\n\nmailto:cai@example.dk\n");
    expect(r.errors).toEqual([]);
    expect(pairs(r)).toEqual([["", "anna@example.dk"], ["", "bo@example.dk"], ["", "cai@example.dk"]]);
    expect(r.people.map((p) => p.line)).toEqual([1, 2, 4]);
  });

  it("an Outlook To field: Name <address> separated by ;", () => {
    const r = parseRecipients("Hanne Kjær <hanne.kjaer@example.dk>; Bo Jensen <bo@example.dk>; cai@example.dk");
    expect(r.errors).toEqual([]);
    expect(pairs(r)).toEqual([["Hanne Kjær", "hanne.kjaer@example.dk"], ["Bo Jensen", "bo@example.dk"], ["", "cai@example.dk"]]);
  });

  it("a Gmail list with , and quoted names that hold a comma, and an unquoted 'Last, First <...>'", () => {
    const r = parseRecipients('"Kjær, Hanne" <hanne@x.dk>, "Bo \\"B\\" Jensen" <bo@x.dk>, Dam, Ditte <ditte@x.dk>, <erik@x.dk>');
    expect(r.errors).toEqual([]);
    expect(pairs(r)).toEqual([["Kjær, Hanne", "hanne@x.dk"], ['Bo "B" Jensen', "bo@x.dk"], ["Dam, Ditte", "ditte@x.dk"], ["", "erik@x.dk"]]);
  });

  it("rows copied from Excel with a header, columns in any order, language read", () => {
    const r = parseRecipients("E-mail\tSprog\tNavn\r\nanna@example.dk\tEngelsk\tAnna Hansen\r\nbo@example.dk\tda\tBo Jensen\r\n");
    expect(r.errors).toEqual([]);
    expect(r.people).toEqual([
      { name: "Anna Hansen", email: "anna@example.dk", locale: "en", line: 2 },
      { name: "Bo Jensen", email: "bo@example.dk", locale: "da", line: 3 },
    ]);
  });

  it("rows copied from Sheets without a header: the address column is found by its content", () => {
    const r = parseRecipients("Anna Hansen\tanna@example.dk\ten\nBo Jensen\tbo@example.dk\t\n");
    expect(r.errors).toEqual([]);
    expect(r.people.map((p) => [p.name, p.email, p.locale])).toEqual([["Anna Hansen", "anna@example.dk", "en"], ["Bo Jensen", "bo@example.dk", null]]);
  });

  it("a header row in other words is skipped, a quoted cell with a line break keeps line numbers right", () => {
    const r = parseRecipients('Deltager\tKontakt\nAnna\tanna@example.dk\n"Bo\nJensen"\tbo@example.dk\nCai\tcai@@x\n');
    expect(pairs(r)).toEqual([["Anna", "anna@example.dk"]]);
    expect(r.errors.map((e) => [e.line, e.problem])).toEqual([[3, "invitations.line.lineBreak"], [5, "invitations.line.invalidEmail"]]);
  });

  it("name;email and name,email rows, a header line, duplicates with their line numbers", () => {
    const r = parseRecipients('Navn;E-mail\nAnna Hansen;Anna@Example.dk\n"Dam, Ditte",ditte@example.dk\nanna hansen;anna@example.dk\nBo;bo@example.dk;en');
    expect(r.errors).toEqual([]);
    expect(r.people.map((p) => [p.name, p.email, p.locale])).toEqual([
      ["Anna Hansen", "anna@example.dk", null],
      ["Dam, Ditte", "ditte@example.dk", null],
      ["Bo", "bo@example.dk", "en"],
    ]);
    expect(r.duplicates).toEqual([{ line: 4, name: "anna hansen", email: "anna@example.dk" }]);
  });

  it("bad lines are listed with their number and text, and the good ones are kept", () => {
    const text = [
      "Anna;anna@example.dk", // 1
      "Eve;eve@example.dk,bob@example.dk", // 2: a name and two addresses
      "Frank;frank@@example", // 3
      "Gitte;", // 4
      "Hans;Hansen;Jensen;hans@example.dk", // 5
      "<script>;s@example.dk", // 6
      'Ida;"ida@example.dk', // 7
      "Jens <jens@example.dk", // 8
      "Ida;ida@example.dk", // 9
    ].join("\n");
    const r = parseRecipients(text);
    expect(r.errors.map((e) => [e.line, e.problem])).toEqual([
      [2, "invitations.line.secondAddress"],
      [3, "invitations.line.invalidEmail"],
      [4, "invitations.line.missingEmail"],
      [5, "invitations.line.tooManyFields"],
      [6, "invitations.line.invalidName"],
      [7, "invitations.line.unclosedQuote"],
      [8, "invitations.line.invalidEmail"],
    ]);
    expect(r.errors[1]!.text).toBe("Frank;frank@@example");
    expect(pairs(r)).toEqual([["Anna", "anna@example.dk"], ["Ida", "ida@example.dk"]]);
  });

  it("nothing smuggles a second recipient or a header into one address", () => {
    const r = parseRecipients("Mallory <mallory@example.dk\r\nBcc: victim@example.dk>");
    expect(r.people).toEqual([]);
    expect(r.errors).toHaveLength(2);
  });
});

describe("hostile and broken lists (the cases of the old name;email parser)", () => {
  it("reads name;email and name,email, with or without a header, and merges duplicates", () => {
    const withHeader = parseRecipients("Navn;E-mail\r\nAnna Hansen;Anna@Example.dk\r\nBo Jensen;bo@example.dk\r\n\r\nanna hansen;anna@example.dk\r\n");
    expect(withHeader.errors).toEqual([]);
    expect(pairs(withHeader)).toEqual([["Anna Hansen", "anna@example.dk"], ["Bo Jensen", "bo@example.dk"]]);
    expect(withHeader.duplicates).toEqual([{ line: 5, name: "anna hansen", email: "anna@example.dk" }]);

    const commas = parseRecipients('Cai Nielsen,cai@example.dk\n"Dam, Ditte",ditte@example.dk\nerik@example.dk');
    expect(commas.errors).toEqual([]);
    expect(pairs(commas)).toEqual([["Cai Nielsen", "cai@example.dk"], ["Dam, Ditte", "ditte@example.dk"], ["", "erik@example.dk"]]);
  });

  it("lists every bad line by its number: a quoted line break, a second address, junk", () => {
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
    const r = parseRecipients(text);
    expect(r.errors.map((e) => [e.line, e.problem])).toEqual([
      [3, "invitations.line.lineBreak"],
      [5, "invitations.line.secondAddress"],
      [6, "invitations.line.secondAddress"],
      [7, "invitations.line.invalidEmail"],
      [8, "invitations.line.missingEmail"],
      [9, "invitations.line.tooManyFields"],
      [10, "invitations.line.invalidName"],
    ]);
    // the report shows the record with its line break made visible, never raw; its second line is no address of its own
    expect(r.errors[0]!.text).toBe('Mallory;"mallory@example.dk␍␊Bcc: victim@example.dk"');
    expect(pairs(r)).toEqual([["Anna", "anna@example.dk"], ["Ida", "ida@example.dk"]]);
  });

  it("a quote that never closes is reported at its line, and the lines after it are still read", () => {
    const r = parseRecipients('Anna;anna@example.dk\nBo;"bo@example.dk\nCai;cai@example.dk');
    expect(r.errors).toEqual([{ line: 2, problem: "invitations.line.unclosedQuote", text: 'Bo;"bo@example.dk' }]);
    expect(pairs(r)).toEqual([["Anna", "anna@example.dk"], ["Cai", "cai@example.dk"]]);
  });

  it("names and addresses refuse every control character, C1 and line separators included", () => {
    const r = parseRecipients("Anna\u0085;anna@example.dk\nB\u2028o;bo@example.dk\nCai;cai\u0007@example.dk");
    expect(r.errors.map((e) => [e.line, e.problem])).toEqual([
      [1, "invitations.line.invalidName"],
      [2, "invitations.line.lineBreak"],
      [3, "invitations.line.invalidEmail"],
    ]);
  });
});

describe("uploaded tables and the column mapping", () => {
  it("reads CSV with ; or , and quotes, guesses the mapping from the header", () => {
    const rows = csvRows('\uFEFFSprog;Navn;E-mail\r\nen;"Kjær; Hanne";hanne@x.dk\r\nda;Bo;bo@x.dk\r\n');
    expect(rows).toEqual([["Sprog", "Navn", "E-mail"], ["en", "Kjær; Hanne", "hanne@x.dk"], ["da", "Bo", "bo@x.dk"]]);
    const guess = guessMapping(rows);
    expect(guess).toEqual({ mapping: { email: 2, name: 1, language: 0 }, header: true });
    const r = parseTable(rows, guess.mapping!, guess.header);
    expect(r.people.map((p) => [p.name, p.email, p.locale, p.line])).toEqual([["Kjær; Hanne", "hanne@x.dk", "en", 2], ["Bo", "bo@x.dk", "da", 3]]);
  });

  it("staff's mapping wins over the guess, and bad rows carry their row number", () => {
    const rows = [["x@x.dk", "Anna", "anna@example.dk"], ["y@x.dk", "Bo", "bo@"], ["z@x.dk", "Anna igen", "anna@example.dk"]];
    const r = parseTable(rows, { email: 2, name: 1, language: null }, false);
    expect(pairs(r)).toEqual([["Anna", "anna@example.dk"]]);
    expect(r.errors).toEqual([{ line: 2, problem: "invitations.line.invalidEmail", text: "y@x.dk Bo bo@" }]);
    expect(r.duplicates).toEqual([{ line: 3, name: "Anna igen", email: "anna@example.dk" }]);
  });
});
