import type { ReactNode } from "react";
import { page, type PageDef } from "./app.ts";
import { radio } from "./fields.ts";
import { t } from "../i18n/index.ts";
import type { Locale } from "../i18n/locale.ts";

export interface ConsentOptions {
  /** Page name (default "Consent"). */
  readonly name?: string;
  /** The language of the defaults below (default "en"): the config's `language`, as labels are fixed when the app is defined. */
  readonly language?: Locale;
  /** Heading (default "Consent", or its translation). */
  readonly title?: string;
  /** The consent text: plain text (blank lines separate paragraphs) or your own markup. */
  readonly text: string | ReactNode;
  /** The question above the two choices (default "Do you agree to take part in this study?", or its translation). */
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
  const language = options.language ?? "en";
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
    title: options.title ?? t(language, "consent.title"),
    fields: {
      consent: radio({
        label: options.question ?? t(language, "consent.question"),
        choices: [
          [true, options.agree ?? t(language, "consent.agree")],
          [false, options.decline ?? t(language, "consent.decline")],
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
