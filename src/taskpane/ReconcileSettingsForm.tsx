/**
 * The Reconcile tab's settings, collapsed by default: the date window, the tolerance per amount
 * (rupees and percent) and the action and remark each category suggests. Read from the workbook
 * when first opened; "Save settings" keeps them there (the application checks them and names the
 * setting at fault).
 */
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, makeStyles, mergeClasses } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { ReconcileSettings, SuggestionKey } from "../app/types";
import type { SaveAction } from "../ims/sections";
import { useActivity, useImsApp } from "./context";
import { ErrorNotice } from "./ErrorNotice";
import { ACTION_WORDS, SUGGESTION_LABELS, SUGGESTION_ORDER } from "./reconcile-words";
import { usePanelStyles } from "./styles";
import { useTask } from "./use-task";

type Head = keyof ReconcileSettings["tolerances"];
const HEADS: readonly { key: Head; label: string }[] = [
  { key: "taxableValue", label: "Taxable value" },
  { key: "igst", label: "IGST" },
  { key: "cgst", label: "CGST" },
  { key: "sgst", label: "SGST" },
  { key: "cess", label: "Cess" },
  { key: "value", label: "Document value" },
];

/** The form as typed: numbers stay text until saved. */
interface Draft {
  dateWindowDays: string;
  tolerances: Record<Head, { rupees: string; percent: string }>;
  actions: Record<SuggestionKey, { action: SaveAction | null; remarks: string }>;
}

function toDraft(s: ReconcileSettings): Draft {
  const tolerances = {} as Draft["tolerances"];
  for (const { key } of HEADS) tolerances[key] = { rupees: String(s.tolerances[key].rupees), percent: String(s.tolerances[key].percent) };
  const actions = {} as Draft["actions"];
  for (const key of SUGGESTION_ORDER) actions[key] = { ...s.actions[key] };
  return { dateWindowDays: String(s.dateWindowDays), tolerances, actions };
}

function numberOf(text: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The settings to save, or the first entry that is not a number (in words). */
function fromDraft(d: Draft): { settings: ReconcileSettings } | { problem: string } {
  const days = numberOf(d.dateWindowDays);
  if (days === null) return { problem: "Date window: type a number of days." };
  const tolerances = {} as ReconcileSettings["tolerances"];
  for (const { key, label } of HEADS) {
    const rupees = numberOf(d.tolerances[key].rupees);
    const percent = numberOf(d.tolerances[key].percent);
    if (rupees === null) return { problem: `Tolerance for ${label}: type an amount in rupees (0 for none).` };
    if (percent === null) return { problem: `Tolerance for ${label}: type a percent (0 for none).` };
    tolerances[key] = { rupees, percent };
  }
  const actions = {} as ReconcileSettings["actions"];
  for (const key of SUGGESTION_ORDER) actions[key] = { action: d.actions[key].action, remarks: d.actions[key].remarks.trim() };
  return { settings: { dateWindowDays: days, tolerances, actions } };
}

const useStyles = makeStyles({
  // Inputs as wide as their cell, and cells shared out evenly: nothing wider than the pane.
  table: { tableLayout: "fixed" },
  first: { width: "34%" },
  input: { width: "100%", minWidth: 0, "& input": { minWidth: 0, width: "100%" } },
});

export function ReconcileSettingsForm() {
  const styles = usePanelStyles();
  const local = useStyles();
  const app = useImsApp();
  const idle = useActivity().current === null;
  const save = useTask<ReconcileSettings>("saving of the settings");
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadTry, setLoadTry] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // Read from the workbook when first opened, while the pane is free.
  useEffect(() => {
    if (!open || draft || !idle) return;
    let live = true;
    app.reconcile.settings().then(
      (s) => {
        if (!live) return;
        setDraft(toDraft(s));
        setLoadError(null);
      },
      (e: unknown) => live && setLoadError(app.explain(e).detail),
    );
    return () => {
      live = false;
    };
  }, [app, open, draft, idle, loadTry]);

  const edit = (change: (d: Draft) => Draft) => {
    setDraft((d) => (d ? change(d) : d));
    setSaved(false);
    setProblem(null);
  };

  const runSave = useCallback(async () => {
    if (!draft) return;
    setSaved(false);
    const parsed = fromDraft(draft);
    if ("problem" in parsed) {
      setProblem(parsed.problem);
      save.reset();
      return;
    }
    setProblem(null);
    const result = await save.run(() => app.reconcile.saveSettings(parsed.settings));
    if (result) {
      setDraft(toDraft(result));
      setSaved(true);
    }
  }, [app, draft, save]);

  const disabled = !idle;
  return (
    <Accordion collapsible openItems={open ? ["settings"] : []} onToggle={(_, d) => setOpen(d.openItems.includes("settings"))}>
      <AccordionItem value="settings">
        <AccordionHeader as="h3" size="large">
          Settings
        </AccordionHeader>
        <AccordionPanel>
          <div className={styles.section}>
            {!draft && !loadError ? <Caption1 role="status">Reading the settings from the workbook…</Caption1> : null}
            {loadError ? (
              <MessageBar intent="error" layout="multiline">
                <MessageBarBody>
                  The settings could not be read: {loadError}{" "}
                  <Button size="small" onClick={() => setLoadTry((n) => n + 1)}>
                    Try again
                  </Button>
                </MessageBarBody>
              </MessageBar>
            ) : null}
            {draft ? (
              <>
                <Field label="Date window (days)" hint="Document dates this many days apart, either way, still match.">
                  <Input type="number" inputMode="numeric" value={draft.dateWindowDays} disabled={disabled} onChange={(_, d) => edit((x) => ({ ...x, dateWindowDays: d.value }))} />
                </Field>
                <Caption1 className={styles.muted}>Amounts agree when they differ by at most the rupees or the percent of the IMS amount.</Caption1>
                <table className={mergeClasses(styles.table, local.table)} aria-label="Tolerances per amount">
                  <thead>
                    <tr>
                      <th scope="col" className={local.first}>
                        Amount
                      </th>
                      <th scope="col">₹</th>
                      <th scope="col">%</th>
                    </tr>
                  </thead>
                  <tbody>
                    {HEADS.map(({ key, label }) => (
                      <tr key={key}>
                        <th scope="row">{label}</th>
                        <td>
                          <Input className={local.input} size="small" type="number" inputMode="decimal" aria-label={`${label} tolerance in rupees`} value={draft.tolerances[key].rupees} disabled={disabled} onChange={(_, d) => edit((x) => ({ ...x, tolerances: { ...x.tolerances, [key]: { ...x.tolerances[key], rupees: d.value } } }))} />
                        </td>
                        <td>
                          <Input className={local.input} size="small" type="number" inputMode="decimal" aria-label={`${label} tolerance in percent`} value={draft.tolerances[key].percent} disabled={disabled} onChange={(_, d) => edit((x) => ({ ...x, tolerances: { ...x.tolerances, [key]: { ...x.tolerances[key], percent: d.value } } }))} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <Caption1 className={styles.muted}>What "Apply suggestions" writes per category. A remark of "difference" writes the differences found.</Caption1>
                <table className={mergeClasses(styles.table, local.table)} aria-label="Suggested action per category">
                  <thead>
                    <tr>
                      <th scope="col" className={local.first}>
                        Category
                      </th>
                      <th scope="col">Action</th>
                      <th scope="col">Remark</th>
                    </tr>
                  </thead>
                  <tbody>
                    {SUGGESTION_ORDER.map((key) => {
                      const label = SUGGESTION_LABELS[key];
                      return (
                        <tr key={key}>
                          <th scope="row">{label}</th>
                          <td>
                            <Select className={local.input} size="small" aria-label={`${label}: action`} value={draft.actions[key].action ?? ""} disabled={disabled} onChange={(_, d) => edit((x) => ({ ...x, actions: { ...x.actions, [key]: { ...x.actions[key], action: d.value === "A" || d.value === "R" || d.value === "P" ? d.value : null } } }))}>
                              <option value="">None</option>
                              {(["A", "R", "P"] as const).map((a) => (
                                <option key={a} value={a}>
                                  {ACTION_WORDS[a]}
                                </option>
                              ))}
                            </Select>
                          </td>
                          <td>
                            <Input className={local.input} size="small" aria-label={`${label}: remark`} value={draft.actions[key].remarks} disabled={disabled} onChange={(_, d) => edit((x) => ({ ...x, actions: { ...x.actions, [key]: { ...x.actions[key], remarks: d.value } } }))} />
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <div className={styles.row}>
                  <Button disabled={disabled} onClick={() => void runSave()}>
                    Save settings
                  </Button>
                  {saved ? (
                    <Caption1 role="status" aria-live="polite">
                      Saved in the workbook.
                    </Caption1>
                  ) : null}
                </div>
                {problem ? (
                  <MessageBar intent="error" layout="multiline">
                    <MessageBarBody>{problem} Nothing was saved.</MessageBarBody>
                  </MessageBar>
                ) : null}
                {save.status === "error" && save.error ? <ErrorNotice error={save.error} /> : null}
              </>
            ) : null}
          </div>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
