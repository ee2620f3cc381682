import {
  Body1,
  Caption1,
  FluentProvider,
  Title3,
  makeStyles,
  tokens,
  webLightTheme,
} from "@fluentui/react-components";

/** What Office.onReady reported; both null outside an Office host. */
export interface HostInfo {
  host: string | null;
  platform: string | null;
}

export interface AppProps {
  host: HostInfo;
  /** Base URL of the IMS server (the local sandbox in development). */
  sandboxUrl: string;
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
  },
  server: {
    fontFamily: tokens.fontFamilyMonospace,
    wordBreak: "break-all",
  },
  muted: {
    color: tokens.colorNeutralForeground3,
  },
});

function describeHost({ host, platform }: HostInfo): string {
  if (!host) return "Not running inside Office (plain browser preview).";
  return platform ? `Running in ${host} (${platform}).` : `Running in ${host}.`;
}

/** Placeholder task pane: the real IMS UI arrives in a later change. */
export function App({ host, sandboxUrl }: AppProps) {
  const styles = useStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <main className={styles.root}>
        <header>
          <Title3 as="h1">IMS for Excel</Title3>
        </header>
        <Body1>
          IMS server: <span className={styles.server}>{sandboxUrl}</span>
        </Body1>
        <Caption1 className={styles.muted}>{describeHost(host)}</Caption1>
      </main>
    </FluentProvider>
  );
}
