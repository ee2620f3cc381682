/** ITC at stake per tax head, for each kind of action the submit would send. */
import { Caption1, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { HeadTotals, ItcAtStake } from "../ims/plan";
import { plural, rupees } from "./format";
import { usePanelStyles } from "./styles";

const KINDS: readonly { key: keyof ItcAtStake; title: string; note: string }[] = [
  { key: "accept", title: "Accepting", note: "Net change to the ITC you claim (credit notes reduce it)" },
  { key: "reject", title: "Rejecting", note: "ITC change you forgo (a rejected credit note reduces nothing)" },
  { key: "pending", title: "Keeping pending", note: "ITC change deferred to a later period" },
  { key: "reset", title: "Resetting to no action", note: "Treated as accepted when GSTR-2B is generated" },
];

const HEADS: readonly { key: Exclude<keyof HeadTotals, "records">; label: string }[] = [
  { key: "igst", label: "IGST" },
  { key: "cgst", label: "CGST" },
  { key: "sgst", label: "SGST" },
  { key: "cess", label: "Cess" },
];

const useStyles = makeStyles({
  card: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  grid: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
    "& dt": { color: tokens.colorNeutralForeground2 },
    "& dd": { margin: 0, textAlign: "right", fontVariantNumeric: "tabular-nums", overflowWrap: "anywhere" },
  },
});

export function ItcAtStakeView({ itc }: { itc: ItcAtStake }) {
  const panel = usePanelStyles();
  const styles = useStyles();
  const headingId = useId();
  const kinds = KINDS.filter((k) => itc[k.key].records > 0);
  return (
    <section className={panel.section} aria-labelledby={headingId}>
      <Subtitle2 as="h3" id={headingId} className={panel.heading}>
        ITC at stake
      </Subtitle2>
      {kinds.length === 0 ? <Caption1 className={panel.muted}>No ITC moves: nothing to send.</Caption1> : null}
      {kinds.map((k) => {
        const totals = itc[k.key];
        return (
          <div key={k.key} className={styles.card} role="group" aria-label={`${k.title}: ITC per tax head`}>
            <Text weight="semibold">
              {k.title} · {plural(totals.records, "record")}
            </Text>
            <Caption1 className={panel.muted}>{k.note}</Caption1>
            <dl className={styles.grid}>
              {HEADS.map((h) => (
                <div key={h.key} style={{ display: "contents" }}>
                  <dt>{h.label}</dt>
                  <dd>{rupees(totals[h.key])}</dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
    </section>
  );
}
