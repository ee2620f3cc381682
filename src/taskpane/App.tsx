/**
 * The task pane: a header with the session badge, follow-up of earlier requests, then the tabs
 * (Connect, Files, Inward supplies, Suppliers, Reconcile, Review & submit, Outward, GSTR-2B)
 * laid out for a 320–350 px pane.
 * Panels stay mounted when hidden, so a pull or submit keeps running while you look elsewhere.
 */
import { Caption1, FluentProvider, Tab, TabList, Title3, makeStyles, tokens, webLightTheme } from "@fluentui/react-components";
import { useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import type { ImsApp, SessionState } from "../app/types";
import type { SectionCode } from "../ims/sections";
import { ConnectPanel } from "./ConnectPanel";
import {
  ActivityContext,
  AppContext,
  NowContext,
  PaneContext,
  SessionContext,
  useImsApp,
  type Activity,
  type PaneControls,
  type PullRequest,
  type TabName,
} from "./context";
import { Gstr2bPanel } from "./Gstr2bPanel";
import { InwardPanel } from "./InwardPanel";
import { OfflinePanel } from "./OfflinePanel";
import { OutwardPanel } from "./OutwardPanel";
import { ReconcilePanel } from "./ReconcilePanel";
import { RecoveryNotice } from "./RecoveryNotice";
import { ResumeNotice } from "./ResumeNotice";
import { ReviewPanel } from "./ReviewPanel";
import { SessionBadge } from "./SessionBadge";
import { SuppliersPanel } from "./SuppliersPanel";

/** What Office.onReady reported; both null outside an Office host. */
export interface HostInfo {
  host: string | null;
  platform: string | null;
}

export interface AppProps {
  /** The application layer; when omitted, the one from <AppContext.Provider>. */
  app?: ImsApp;
  host?: HostInfo;
  /** The clock, for tests. */
  now?: () => number;
}

const TABS: readonly { name: TabName; label: string; title: string }[] = [
  { name: "connect", label: "Connect", title: "Connect" },
  { name: "offline", label: "Files", title: "Portal files, without an API account" },
  { name: "inward", label: "Inward", title: "Inward supplies" },
  { name: "suppliers", label: "Suppliers", title: "Supplier-wise review" },
  { name: "reconcile", label: "Reconcile", title: "Reconcile with your purchase register" },
  { name: "review", label: "Review", title: "Review & submit" },
  { name: "outward", label: "Outward", title: "Supplier view: your sales" },
  { name: "gstr2b", label: "GSTR-2B", title: "GSTR-2B" },
];

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
    maxWidth: "640px",
    boxSizing: "border-box",
  },
  header: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    justifyContent: "space-between",
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
  title: { margin: 0 },
  tabs: {
    flexWrap: "wrap",
    marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})`,
  },
  panelTitle: {
    margin: `0 0 ${tokens.spacingVerticalS}`,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
    outlineStyle: "none",
  },
  footer: {
    color: tokens.colorNeutralForeground3,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingTop: tokens.spacingVerticalS,
  },
});

function describeHost({ host, platform }: HostInfo): string {
  if (!host) return "Not running inside Office (plain browser preview).";
  return platform ? `Running in ${host} (${platform}).` : `Running in ${host}.`;
}

export function App({ app: given, host = { host: null, platform: null }, now }: AppProps) {
  const fromContext = useContext(AppContext);
  const app = given ?? fromContext;
  if (!app) throw new Error("IMS for Excel: <App> needs an application (the app prop or <AppContext.Provider>)");
  return (
    <FluentProvider theme={webLightTheme}>
      <AppContext.Provider value={app}>
        <NowContext.Provider value={now ?? Date.now}>
          <Pane host={host} />
        </NowContext.Provider>
      </AppContext.Provider>
    </FluentProvider>
  );
}

function useSessionState(app: ImsApp): [SessionState, (s: SessionState) => void] {
  const [session, setSession] = useState<SessionState>(() => app.sessionState());
  useEffect(() => {
    setSession(app.sessionState());
    return app.onSessionChange(setSession);
  }, [app]);
  return [session, setSession];
}

function useActivityLock(): Activity {
  const owner = useRef<object | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  const [ends, setEnds] = useState(0);
  const begin = useCallback((label: string) => {
    if (owner.current) return null;
    const token = {};
    owner.current = token;
    setCurrent(label);
    return () => {
      if (owner.current !== token) return;
      owner.current = null;
      setCurrent(null);
      setEnds((n) => n + 1);
    };
  }, []);
  return useMemo(() => ({ current, ends, begin }), [current, ends, begin]);
}

function Pane({ host }: { host: HostInfo }) {
  const styles = useStyles();
  const app = useImsApp();
  const [session, setSession] = useSessionState(app);
  const activity = useActivityLock();
  const [tab, setTab] = useState<TabName>(() => (session.status === "signed-in" ? "inward" : "connect"));
  const [focusRequest, setFocusRequest] = useState<{ tab: TabName; n: number } | null>(null);
  const [pullRequest, setPullRequest] = useState<PullRequest | null>(null);
  const [sheetsVersion, setSheetsVersion] = useState(0);
  const headings = useRef<Partial<Record<TabName, HTMLHeadingElement | null>>>({});
  const baseId = useId();

  const goTo = useCallback((t: TabName) => {
    setTab(t);
    setFocusRequest((f) => ({ tab: t, n: (f?.n ?? 0) + 1 }));
  }, []);

  useEffect(() => {
    if (focusRequest) headings.current[focusRequest.tab]?.focus();
  }, [focusRequest]);

  const refreshSections = useCallback(
    (sections: readonly SectionCode[]) => {
      setPullRequest((r) => ({ sections: [...sections], id: (r?.id ?? 0) + 1 }));
      goTo("inward");
    },
    [goTo],
  );
  const notePulled = useCallback(() => setSheetsVersion((v) => v + 1), []);
  const tabRef = useRef(tab);
  tabRef.current = tab;
  const focusHeading = useCallback((t: TabName) => {
    if (tabRef.current === t) headings.current[t]?.focus();
  }, []);

  const controls = useMemo<PaneControls>(
    () => ({ goTo, focusHeading, refreshSections, pullRequest, sheetsVersion, notePulled, sessionChanged: setSession }),
    [goTo, focusHeading, refreshSections, pullRequest, sheetsVersion, notePulled, setSession],
  );

  const panels: Record<TabName, ReactNode> = {
    connect: <ConnectPanel />,
    offline: <OfflinePanel />,
    inward: <InwardPanel />,
    suppliers: <SuppliersPanel />,
    reconcile: <ReconcilePanel />,
    review: <ReviewPanel />,
    outward: <OutwardPanel />,
    gstr2b: <Gstr2bPanel />,
  };

  return (
    <SessionContext.Provider value={session}>
      <ActivityContext.Provider value={activity}>
        <PaneContext.Provider value={controls}>
          <main className={styles.root}>
            <header className={styles.header}>
              <Title3 as="h1" className={styles.title}>
                IMS for Excel
              </Title3>
              <SessionBadge />
            </header>
            <RecoveryNotice />
            <ResumeNotice />
            <TabList className={styles.tabs} size="small" selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabName)} aria-label="IMS for Excel sections">
              {TABS.map((t) => (
                <Tab key={t.name} value={t.name} id={`${baseId}-tab-${t.name}`} aria-controls={`${baseId}-panel-${t.name}`}>
                  {t.label}
                </Tab>
              ))}
            </TabList>
            {TABS.map((t) => (
              <div key={t.name} role="tabpanel" id={`${baseId}-panel-${t.name}`} aria-labelledby={`${baseId}-tab-${t.name}`} hidden={tab !== t.name}>
                <h2
                  className={styles.panelTitle}
                  tabIndex={-1}
                  ref={(el) => {
                    headings.current[t.name] = el;
                  }}
                >
                  {t.title}
                </h2>
                {panels[t.name]}
              </div>
            ))}
            <Caption1 as="p" className={styles.footer}>
              {describeHost(host)}
            </Caption1>
          </main>
        </PaneContext.Provider>
      </ActivityContext.Provider>
    </SessionContext.Provider>
  );
}
