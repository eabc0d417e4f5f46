import { useSyncExternalStore } from "react";
import { ChatPanel } from "../chat-panel";
import type { Connection } from "./connection";
import { t, type Locale } from "@/lib/i18n";

/** What sits over every participant page: the lost-connection banner, the team's message, the chat with the team. */
export function Overlay({ connection, locale }: Readonly<{ connection: Connection; locale: Locale }>) {
  const { lost, message } = useSyncExternalStore(connection.subscribe, connection.get, connection.get);
  return (
    <>
      {lost ? (
        <div role="status" className="fixed inset-x-0 top-0 z-50 bg-amber-100 px-4 py-2 text-center text-sm text-amber-900 shadow">
          {t(locale, "live.lost")}
        </div>
      ) : null}
      <ChatPanel socket={connection.socket} locale={locale} />
      {message !== null ? (
        <div role="dialog" aria-modal="true" aria-labelledby="sprout-message-title" className="fixed inset-0 z-50 flex items-center justify-center bg-stone-900/40 p-4">
          <div className="max-w-md rounded-2xl bg-white p-6 shadow-lg">
            <h2 id="sprout-message-title" className="mb-3 text-lg font-semibold">
              {t(locale, "message.title")}
            </h2>
            <p className="mb-5 whitespace-pre-wrap" data-testid="sprout-message">
              {message}
            </p>
            <div className="flex justify-end">
              <button type="button" autoFocus onClick={connection.dismissMessage} className="rounded-lg bg-emerald-700 px-5 py-2 font-medium text-white hover:bg-emerald-800">
                {t(locale, "message.ok")}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}
