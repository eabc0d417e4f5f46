import type { ReactNode } from "react";
import { page, type PageDef } from "./app.ts";
import { radio } from "./fields.ts";

export interface ConsentOptions {
  /** Page name (default "Consent"). */
  readonly name?: string;
  /** Heading (default "Consent"). */
  readonly title?: string;
  /** The consent text: plain text (blank lines separate paragraphs) or your own markup. */
  readonly text: string | ReactNode;
  /** The question above the two choices (default "Do you agree to take part in this study?"). */
  readonly question?: string;
  /** The two choices' words (default "I agree" and "I do not agree"). */
  readonly agree?: string;
  readonly decline?: string;
  /** The screen-out reason recorded for a decline (default "declined consent"). */
  readonly reason?: string;
}

/**
 * A ready consent page: the text, then agree / decline (stored as the player field `consent`,
 * true or false). Declining ends the study at once as a screen-out (player.screenOut with
 * `reason`), so the end page uses the config's screenOut address or code.
 * @example consentPage({ text: "This study takes 10 minutes. …\n\nYou may stop at any time." })
 */
export function consentPage(options: ConsentOptions): PageDef {
  const { text } = options;
  const body =
    typeof text === "string"
      ? text
          .split(/\n\s*\n/)
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p, i) => <p key={i}>{p}</p>)
      : text;
  return page({
    name: options.name ?? "Consent",
    title: options.title ?? "Consent",
    fields: {
      consent: radio({
        label: options.question ?? "Do you agree to take part in this study?",
        choices: [
          [true, options.agree ?? "I agree"],
          [false, options.decline ?? "I do not agree"],
        ],
      }),
    },
    render: ({ fields }) => (
      <>
        <div className="space-y-3" data-consent-text>
          {body}
        </div>
        {fields}
      </>
    ),
    afterOnce: async ({ player }) => {
      if ((await player.get<boolean>("consent")) === false) await player.screenOut(options.reason ?? "declined consent");
    },
  });
}
