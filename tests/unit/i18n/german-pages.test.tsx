import type { ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { Countdown } from "@/components/participant/countdown";
import { FieldInput } from "@/components/participant/field-input";
import { PageChat } from "@/components/participant/page-chat";
import { PageForm } from "@/components/participant/page-form";
import { RenderFailedPage } from "@/components/participant/current-page";
import { EndPage, IncompleteLinkPage, MissingPage, NotFoundPage, PausedPage, ReconnectingPage, StartPage } from "@/components/participant/status-pages";
import { WaitClock } from "@/components/participant/wait-clock";
import { WaitForm, WaitMessage } from "@/components/participant/wait";
import { Overlay } from "@/components/participant/client/overlay";
import type { Connection } from "@/components/participant/client/connection";
import { entryProblem } from "@/lib/engine/recruitment/entry";
import { LiveContext, offlineLive } from "@/lib/experiment/client";
import { checkboxes, date, decimal, email, float, integer, parseField, radio, select, string, boolean, type Field } from "@/lib/experiment";
import { t, type Locale } from "@/lib/i18n";
import { awayPage, autoPostPage, busyPage, fullPage, incompleteLinkPage } from "@/lib/participant-html";
import { participantDocument } from "@/lib/participant-page/document";
import { labelForm, waitingPage } from "@/lib/room-pages";
import { englishLeftIn, textsOf } from "../../helpers/english-left";

// Every page Sprout itself shows participants, rendered in German: none of Sprout's English texts
// may be left in it, and no text of the English rendering may come out unchanged (a text written
// into a component instead of the catalogue would), apart from the data the page shows.

const resend = { action: "/p/s/p/submit/", fields: { _position: "2", age: "7" } };
const exit = { outcome: "completed" as const, url: "https://example.org/done?cc=C0DE", code: "C0DE-1" };
const screened = { outcome: "screenedOut" as const, url: null, code: null };
const stillConnection = (lost: boolean, message: string | null) =>
  ({ subscribe: () => () => undefined, get: () => ({ connected: false, lost, message, live: offlineLive("-") }), socket: null, dismissMessage: () => undefined }) as unknown as Connection;
const select_ = select({ label: "Farbe", choices: ["rot", "grün"] });

/** Each page, as a function of the language; `data`: texts it shows that are no Sprout text (the same in every language). */
const PAGES: [string, (l: Locale) => Promise<string> | string, string[]?][] = [
  ["start", (l) => renderToString(<StartPage locale={l} error={null} nonce="n" />)],
  ["end", (l) => renderToString(<EndPage locale={l} />)],
  ["end with a code and an address", (l) => renderToString(<EndPage locale={l} exit={exit as never} nonce="n" />), ["C0DE-1"]],
  ["end after a screen-out", (l) => renderToString(<EndPage locale={l} exit={screened as never} />)],
  ["paused", (l) => renderToString(<PausedPage locale={l} />)],
  ["missing page", (l) => renderToString(<MissingPage locale={l} path="quiz/Gone" />)],
  ["database away (page)", (l) => renderToString(<ReconnectingPage locale={l} />)],
  ["not found", (l) => renderToString(<NotFoundPage locale={l} />)],
  ["render failed", (l) => renderToString(<RenderFailedPage locale={l} />)],
  ["incomplete link", (l) => renderToString(<IncompleteLinkPage locale={l} message={entryProblem({ missing: ["PROLIFIC_PID"], invalid: ["STUDY_ID", "SESSION_ID"] }, l)} />), ["PROLIFIC_PID"]],
  [
    "a page with Back, a countdown, a select and a chat",
    (l) =>
      renderToString(
        <LiveContext.Provider value={offlineLive(t(l, "live.notConnected"))}>
        <PageForm locale={l} position={2} back id="f">
          <Countdown locale={l} remainingMs={95_000} formId="f" onceKey="k" />
          <FieldInput locale={l} name="colour" field={select_} value="" error={(parseField(select_, "", l) as { error: string }).error} />
          <PageChat locale={l} maxLength={200} title="(title)" />
        </PageForm>
        </LiveContext.Provider>,
      ),
    ["Farbe", "rot", "grün", "(title)"],
  ],
  [
    "a wait page with its clock (JavaScript off)",
    (l) =>
      renderToString(
        <WaitForm locale={l} position={3} path="a/Wait" round={null}>
          <WaitClock locale={l} waitedMs={61_000} remainingMs={30_000} />
          <WaitMessage locale={l} />
        </WaitForm>,
      ),
  ],
  ["a wait page whose time is up", (l) => renderToString(<WaitClock locale={l} waitedMs={61_000} remainingMs={0} />)],
  ["the connection-lost banner and a message from the team", (l) => renderToString(<Overlay locale={l} connection={stillConnection(true, "Bitte warten.")} />), ["Bitte warten."]],
  ["database away (HTTP)", (l) => awayPage(l).text()],
  ["database away, answers to send again", (l) => awayPage(l, resend).text()],
  ["busy", (l) => busyPage(l).text()],
  ["busy, answers to send again", (l) => busyPage(l, resend).text()],
  ["no places left", (l) => fullPage(l).text()],
  ["incomplete link (HTTP)", (l) => incompleteLinkPage(l, entryProblem({ missing: ["PID"], invalid: [] }, l)).text(), ["PID"]],
  ["sessionwide / room start", (l) => autoPostPage("/s/x/y/", {}, "n", l).text()],
  ["room: access code asked", (l) => labelForm(l, "/room/lab/", { label: "", invalid: false }).text()],
  ["room: access code refused", (l) => labelForm(l, "/room/lab/", { label: "XYZ", invalid: true }).text(), ["XYZ"]],
  ["room: waiting for the start", (l) => waitingPage(l, "/room/lab/?label=L1&wait", "lab", "L1", "n").text()],
  [
    "a whole participant document",
    (l) => participantDocument({ status: 200, title: "T", locale: l, content: <PausedPage locale={l} /> }, { sname: "s", pname: "p" }, { js: "/a.js", css: "/a.css" }, "n"),
    ["T"],
  ],
];

describe.each(PAGES)("in German: %s", (_, render, data = []) => {
  test("has no English text of Sprout's catalogue", async () => {
    expect(englishLeftIn(await render("de"), "de")).toEqual([]);
  });
  test("has no text the English page has, other than its data", async () => {
    const german = new Set(textsOf(await render("de")));
    const english = textsOf(await render("en"));
    expect(english.length).toBeGreaterThan(0);
    expect(english.filter((text) => german.has(text) && !data.includes(text) && text !== "OK")).toEqual([]);
  });
});

test("the checks can fail: the English rendering has English in it", async () => {
  expect(englishLeftIn(renderToString(<PausedPage locale="en" />), "de")).toEqual(expect.arrayContaining(["paused.title: Paused", expect.stringMatching(/^paused.text/)]));
  expect(textsOf(renderToString(<PausedPage locale="en" />))).toEqual(["Paused", expect.stringMatching(/^The study is paused/)]);
  expect(englishLeftIn(await fullPage("en").text(), "de")).toContain("full.title: No places left");
});

test("the documents say the language they are in", async () => {
  expect(participantDocument({ status: 200, title: "T", locale: "de", content: <PausedPage locale="de" /> }, { sname: "s", pname: "p" }, { js: "/a.js", css: "/a.css" }, "n")).toMatch(/^<!DOCTYPE html><html lang="de">/);
  expect(await fullPage("fr").text()).toMatch(/^<!doctype html><html lang="fr">/);
});

const refused: [Field, string | string[]][] = [
  [boolean({ label: "x" }), ""],
  [radio({ label: "x", choices: ["a"] }), ""],
  [string({ label: "x" }), ""],
  [string({ label: "x", minLength: 3 }), "ab"],
  [string({ label: "x", maxLength: 3 }), "abcd"],
  [string({ label: "x" }), "a\u0000b"],
  [email({ label: "x" }), "nope"],
  [integer({ label: "x" }), "1.5"],
  [integer({ label: "x", min: 2 }), "1"],
  [integer({ label: "x", max: 2 }), "3"],
  [integer({ label: "x", step: 5, min: 1 }), "3"],
  [float({ label: "x", step: 0.5 }), "0.3"],
  [float({ label: "x" }), "abc"],
  [float({ label: "x" }), "1e400"],
  [decimal({ label: "x", places: 2 }), "1.234"],
  [decimal({ label: "x", places: 0 }), "1.5"],
  [date({ label: "x" }), "2024-02-30"],
  [date({ label: "x", min: "2024-01-01" }), "2023-12-31"],
  [date({ label: "x", max: "2024-01-01" }), "2024-01-02"],
  [checkboxes({ label: "x", choices: ["a", "b", "c"] }), "9"],
  [checkboxes({ label: "x", choices: ["a", "b", "c"] }), []],
  [checkboxes({ label: "x", choices: ["a", "b", "c"], min: 2 }), ["0"]],
  [checkboxes({ label: "x", choices: ["a", "b", "c"], max: 1 }), ["0", "1"]],
  [checkboxes({ label: "x", choices: ["a", "b", "c"], max: 2 }), ["0", "1", "2"]],
];

test.each(refused)("a refused answer's message is in German (%j, %j)", (field, raw) => {
  const english = parseField(field, raw);
  const german = parseField(field, raw, "de");
  expect(english.ok || german.ok).toBe(false);
  const message = (german as { error: string }).error;
  expect(englishLeftIn(message, "de")).toEqual([]);
  expect(message).not.toBe((english as { error: string }).error);
});
