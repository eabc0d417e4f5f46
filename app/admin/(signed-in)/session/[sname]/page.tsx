import type { Metadata } from "next";
import { AdminLink } from "@/components/admin/admin-link";
import { notFound } from "next/navigation";
import { AuditList } from "@/components/admin/audit-list";
import { ChannelChats } from "@/components/admin/channel-chats";
import { ChatInbox } from "@/components/admin/chat-inbox";
import { CopyButton } from "@/components/admin/copy-button";
import { CreatedNotice } from "@/components/admin/created-notice";
import { DOWNLOADS, downloadHref } from "@/components/admin/downloads";
import { LocalTime } from "@/components/admin/local-time";
import { PageTitle } from "@/components/admin/page-title";
import { PausedBanner } from "@/components/admin/paused-banner";
import { SessionControls } from "@/components/admin/session-controls";
import { SessionLive } from "@/components/admin/session-live";
import { Badge } from "@/components/ui/badge";
import { Card, Facts } from "@/components/ui/card";
import { buttonStyles } from "@/components/ui/styles";
import { PlayerLinks } from "@/components/admin/player-links";
import { PlayerMonitor } from "@/components/admin/player-monitor";
import { ProgressChart } from "@/components/admin/progress-chart";
import { sessionActivity } from "@/lib/data/activity";
import { monitorFieldChoices } from "@/lib/data/monitor";
import { sessionProgress } from "@/lib/data/progress";
import { sessionPlaces } from "@/lib/data/places";
import { PlacesTable } from "@/components/admin/places-table";
import { QualitySummaryView } from "@/components/admin/quality-summary";
import { qualitySummary } from "@/lib/data/quality";
import { qualityOf } from "@/lib/engine/quality/settings";
import { playerNames, sessionDetail } from "@/lib/data/sessions";
import { getApp, getConfig, hasConfig } from "@/lib/project";
import { fixedOrderLength } from "@/lib/experiment/page-order";
import { readDb } from "@/lib/store/db";
import { playerAction } from "../../../_actions/players";
import { runNewSessionAction, setActiveAction, setDescriptionAction, setMonitorFieldsAction, setSettingsAction, setTestingAction } from "../../../_actions/sessions";
import { requireAdmin } from "../../../_lib/auth";
import { requestOrigin } from "../../../_lib/origin";
import { describeCodeVersion } from "@/lib/code-version";

type Props = Readonly<{ params: Promise<{ sname: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Session ${(await params).sname}` };
}

export default async function SessionPage({ params, searchParams }: Props) {
  await requireAdmin();
  const { sname } = await params;
  const session = await sessionDetail(readDb(), sname);
  if (!session) notFound();
  // Not the monitor's rows: its socket delivers them, so the refresh after each change of the
  // session (session:changed) does not read every player again.
  const [audit, base, query, names, fieldChoices, progress, places, quality] = await Promise.all([
    sessionActivity(readDb(), sname),
    requestOrigin(),
    searchParams,
    playerNames(readDb(), session.id),
    monitorFieldChoices(readDb(), session.id, session.apps),
    sessionProgress(readDb(), sname),
    sessionPlaces(readDb(), session),
    qualitySummary(readDb(), session.id),
  ]);
  const sessionwide = `${base}/s/${encodeURIComponent(session.name)}/${session.secret}/`;
  const settingsJson = JSON.stringify(session.settings, null, 2);
  // The actions act on this session: its name is bound here, not sent as a form field.
  const onPlayers = playerAction.bind(null, session.name);
  const setActive = setActiveAction.bind(null, session.name);
  const here = `/admin/session/${encodeURIComponent(session.name)}/`;
  const hasDigest = session.apps.some((a) => getApp(a)?.digest);
  const notStartedPages = hasConfig(session.config) ? fixedOrderLength(getConfig(session.config).apps) : null;

  return (
    <>
      <PageTitle
        subtitle={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono">{session.config}</span>
            <span aria-hidden>·</span>
            <span>
              created <LocalTime iso={session.createdAt.toISOString()} />
            </span>
            <span aria-hidden>·</span>
            <SessionLive sname={session.name} />
          </span>
        }
        actions={
          <>
            <AdminLink href={`${here}data/`} className={buttonStyles.secondary}>
              Data
            </AdminLink>
            {hasDigest ? (
              <AdminLink href={`${here}digest/`} className={buttonStyles.secondary}>
                Digest
              </AdminLink>
            ) : null}
            <AdminLink href={`${here}payments/`} className={buttonStyles.secondary}>
              Payments
            </AdminLink>
            <AdminLink href={`/admin/sessions/new/?config=${encodeURIComponent(session.config)}`} className={buttonStyles.secondary}>
              New session with this config
            </AdminLink>
          </>
        }
      >
        <span className="flex flex-wrap items-center gap-2">
          Session <span className="font-mono">{session.name}</span>
          {session.active ? <Badge tone="green">active</Badge> : <Badge tone="red">paused</Badge>}
          {session.testing ? <Badge tone="amber">test run</Badge> : null}
        </span>
      </PageTitle>

      <PausedBanner active={session.active} setActive={setActive} />
      {session.active ? <CreatedNotice justCreated={query.created !== undefined} players={session.players} /> : null}

      {progress ? (
        <Card title="Progress" className="mb-6">
          <ProgressChart sname={session.name} initial={progress} />
        </Card>
      ) : null}

      <Card title="Player monitor" className="mb-6">
        <PlayerMonitor
          sname={session.name}
          notStartedPages={notStartedPages}
          fields={session.monitorFields}
          fieldChoices={fieldChoices}
          action={onPlayers}
          setFieldsAction={setMonitorFieldsAction.bind(null, session.name)}
        />
      </Card>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <div className="grid gap-6">
            <Card title="Properties">
              <Facts
                items={[
                  ["Config", <span key="c" className="font-mono">{session.config}</span>],
                  ["Apps", <span key="a" className="font-mono">{session.apps.join(" → ")}</span>],
                  ["Description", session.description || <span key="d" className="text-stone-400">None</span>],
                  ["Created", <LocalTime key="t" iso={session.createdAt.toISOString()} />],
                  ["newSession", session.initialized ? "has run" : "not yet (runs when the first participant starts)"],
                  [
                    "Room",
                    session.room ? (
                      <AdminLink key="r" href={`/admin/room/${encodeURIComponent(session.room)}/`} className="font-mono text-emerald-800 hover:underline">
                        {session.room}
                      </AdminLink>
                    ) : (
                      <span key="r" className="text-stone-400">None</span>
                    ),
                  ],
                  ["Groups", session.groups],
                  [
                    "Code",
                    session.codeVersion ? (
                      <span key="v" className="font-mono text-xs" data-testid="code-version">
                        {describeCodeVersion(session.codeVersion)}
                      </span>
                    ) : (
                      <span key="v" className="text-stone-400">Not recorded (created before Sprout kept it)</span>
                    ),
                  ],
                ]}
              />
            </Card>
            <Card title="Data quality">
              <QualitySummaryView sname={session.name} initial={quality} off={!qualityOf(session.config).signals} />
            </Card>
            {places ? (
              <Card title="Places">
                <PlacesTable rows={places} />
              </Card>
            ) : null}
          </div>

          <Card title="Participant links">
            <div className="space-y-4">
              <div>
                <p className="text-sm font-medium text-stone-800">Sessionwide link</p>
                <p className={`mb-2 text-xs text-stone-500`}>One link for everyone: each new visitor gets a free player slot; someone coming back gets theirs again.</p>
                <div className="flex items-center gap-2">
                  <code className="min-w-0 flex-1 truncate rounded-lg bg-stone-100 px-3 py-1.5 text-sm" data-testid="sessionwide-link">
                    {sessionwide}
                  </code>
                  <CopyButton text={sessionwide} />
                </div>
              </div>
              <PlayerLinks base={base} sname={session.name} names={names} />
            </div>
          </Card>
        </div>

        <div className="min-w-0 space-y-6">
          <Card title="Session controls">
            <SessionControls
              active={session.active}
              testing={session.testing}
              description={session.description}
              settings={settingsJson}
              initialized={session.initialized}
              actions={{ setActive, setTesting: setTestingAction.bind(null, session.name), setDescription: setDescriptionAction.bind(null, session.name), setSettings: setSettingsAction.bind(null, session.name), runNewSession: runNewSessionAction.bind(null, session.name) }}
            />
          </Card>
          <Card title="Chat">
            <ChatInbox sname={session.name} action={onPlayers} />
          </Card>
          <Card title="Participants' chats">
            <ChannelChats sname={session.name} />
          </Card>
          <Card title="Downloads">
            <ul className="space-y-1.5 text-sm" data-testid="downloads">
              {DOWNLOADS.map(([format, label, filter]) => (
                <li key={`${format}?${filter}`}>
                  <a href={downloadHref(`${here}export/`, format, filter)} download className="text-emerald-800 hover:underline">
                    {label}
                  </a>
                </li>
              ))}
              <li>
                <a href={`${here}briefcase/`} download className="font-medium text-emerald-800 hover:underline">
                  Replication briefcase: all of the above, the code and checksums (ZIP)
                </a>
              </li>
            </ul>
          </Card>
          <Card title="Admin activity">
            <AuditList entries={audit} />
          </Card>
        </div>
      </div>
    </>
  );
}
