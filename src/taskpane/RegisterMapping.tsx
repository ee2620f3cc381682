/**
 * The Reconcile tab's first step: open (or create) the Purchase register sheet, show which column
 * the add-in reads for each field, let the user correct it, and confirm (kept in the workbook).
 */
import { Badge, Button, Caption1, Dropdown, MessageBar, MessageBarBody, MessageBarTitle, Option, Text, makeStyles, mergeClasses } from "@fluentui/react-components";
import { useCallback, useId, useRef, useState } from "react";
import type { MappedField, MappingChoice, RegisterMappingView } from "../app/types";
import type { Confidence, RegisterField, RegisterLayout } from "../ims/register";
import { useActivity, useImsApp } from "./context";
import { ErrorNotice } from "./ErrorNotice";
import { plural } from "./format";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useTask } from "./use-task";

const LAYOUT_WORDS: Readonly<Record<RegisterLayout, string>> = {
  "matching-offline-tool": "the GST portal's matching offline tool",
  "gstr2-b2b": "GSTR-2 B2B",
  "gstr2-cdnr": "GSTR-2 credit and debit notes",
  "gstr2b-b2b": "GSTR-2B B2B",
  "gstr2b-cdnr": "GSTR-2B credit and debit notes",
  tally: "Tally",
  zoho: "Zoho Books",
  busy: "Busy",
  "add-in-template": "the add-in's template",
  unknown: "not a known layout (columns found by their labels)",
};

const CONFIDENCE: Readonly<Record<Confidence, { text: string; color: "success" | "warning" | "danger" }>> = {
  high: { text: "High", color: "success" },
  medium: { text: "Medium", color: "warning" },
  low: { text: "Low", color: "danger" },
};

const NONE = "none:";
const PROPOSED = "proposed:";
const HEADER = "header:";

const useStyles = makeStyles({
  // Cells shared out evenly and pickers as wide as their cell: nothing wider than the pane.
  table: { tableLayout: "fixed" },
  fieldCell: { width: "34%" },
  pickerCell: { width: "40%", whiteSpace: "normal" },
  picker: { minWidth: 0, width: "100%", "& button": { minWidth: 0, overflow: "hidden", textOverflow: "ellipsis" } },
});

/** The Dropdown value standing for what the add-in proposes now. */
function proposedKey(f: MappedField): string {
  if (f.columns.length === 0) return NONE;
  return f.columns.length === 1 ? `${HEADER}${f.columns[0]}` : PROPOSED;
}

function keyText(key: string, f: MappedField): string {
  if (key === NONE) return "(none)";
  if (key === PROPOSED) return f.columns.join(" + ");
  return key.slice(HEADER.length);
}

export function RegisterMapping() {
  const styles = usePanelStyles();
  const local = useStyles();
  const app = useImsApp();
  const idle = useActivity().current === null;
  const open = useTask<RegisterMappingView>("opening of the register");
  const confirm = useTask<RegisterMappingView>("confirmation of the mapping");
  const [view, setView] = useState<RegisterMappingView | null>(null);
  /** Dropdown keys of the fields the user changed, by field. */
  const [changed, setChanged] = useState<Partial<Record<RegisterField, string>>>({});
  const [last, setLast] = useState<"open" | "confirm" | null>(null);
  const headingRef = useRef<HTMLHeadingElement | null>(null);
  const headingId = useId();
  const tableId = useId();

  const runOpen = useCallback(async () => {
    setLast("open");
    const v = await open.run((o) => app.reconcile.openRegister(o));
    if (v) {
      setView(v);
      setChanged({});
    }
  }, [app, open]);

  const runConfirm = useCallback(async () => {
    if (!view) return;
    const choice: MappingChoice = {};
    for (const f of view.fields) {
      const key = changed[f.field];
      if (key === undefined) continue;
      choice[f.field] = key === NONE ? null : key.slice(HEADER.length);
    }
    setLast("confirm");
    const v = await confirm.run((o) => app.reconcile.confirmMapping(choice, o));
    if (v) {
      setView(v);
      setChanged({});
    }
  }, [app, confirm, view, changed]);

  const pick = (f: MappedField, key: string) =>
    setChanged((c) => {
      const next = { ...c };
      if (key === proposedKey(f)) delete next[f.field];
      else next[f.field] = key;
      return next;
    });

  const running = open.running ? open : confirm.running ? confirm : null;
  const task = last === "confirm" ? confirm : open;
  const headers = view ? [...new Set(view.headers.filter((h) => h.trim() !== ""))] : [];
  const changes = Object.keys(changed).length;

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading} ref={headingRef} tabIndex={-1}>
        Purchase register
      </h3>
      <Caption1 className={styles.muted}>The add-in finds the register's columns by their header labels. Check what it found, correct it if needed, and confirm: the mapping is kept in the workbook.</Caption1>
      <div className={styles.row}>
        <Button appearance="primary" disabled={!idle} onClick={() => void runOpen()}>
          Open the register sheet
        </Button>
      </div>
      {running ? <TaskProgress label="Purchase register progress" progress={running.progress} startText="Reading the register's headers…" cancelling={running.cancelling} returnFocus={() => headingRef.current?.focus()} /> : null}
      {task.status === "error" && task.error ? <ErrorNotice error={task.error} onRetry={() => void (last === "confirm" ? runConfirm() : runOpen())} /> : null}
      {view ? (
        <>
          {view.created ? (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>The {view.sheetName} sheet was created</MessageBarTitle>
                It has the add-in's template headers in row {view.headerRow}. Paste your purchase register below them, then open the register sheet again.
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <Text className={styles.wrap}>
            Sheet <span className={styles.mono}>{view.sheetName}</span>: headers in row {view.headerRow}, {plural(view.dataRows, "data row")}. Layout: {LAYOUT_WORDS[view.layout]}.
          </Text>
          {view.confirmed && changes === 0 ? (
            <div className={styles.row}>
              <Badge appearance="filled" color="success">
                Confirmed
              </Badge>
              <Caption1 className={styles.muted}>This mapping is kept in the workbook.</Caption1>
            </div>
          ) : null}
          {view.missing.length ? (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>Required, but no column found: {view.missing.join(", ")}. Pick their columns below; rows cannot be matched without them.</MessageBarBody>
            </MessageBar>
          ) : null}
          {view.ambiguous.length ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>Two columns fit equally well for: {view.ambiguous.join(", ")}. The first one is read; check it below.</MessageBarBody>
            </MessageBar>
          ) : null}
          <table className={mergeClasses(styles.table, local.table)} aria-label="Register columns read per field">
            <thead>
              <tr>
                <th scope="col" className={local.fieldCell}>
                  Field
                </th>
                <th scope="col" className={local.pickerCell}>
                  Column
                </th>
                <th scope="col">Confidence</th>
              </tr>
            </thead>
            <tbody>
              {view.fields.map((f) => {
                const key = changed[f.field] ?? proposedKey(f);
                const rowId = `${tableId}-${f.field}`;
                const confidence = f.confidence ? CONFIDENCE[f.confidence] : null;
                return (
                  <tr key={f.field}>
                    <th scope="row">
                      <span id={rowId}>{f.label}</span>
                      {f.required ? (
                        <div>
                          <Caption1 className={styles.muted}>Required</Caption1>
                        </div>
                      ) : null}
                      {f.note ? (
                        <div>
                          <Caption1 className={styles.muted}>{f.note}</Caption1>
                        </div>
                      ) : null}
                      {f.alternatives.length ? (
                        <div>
                          <Caption1 className={styles.muted}>Also fits: {f.alternatives.join(", ")}</Caption1>
                        </div>
                      ) : null}
                    </th>
                    <td className={local.pickerCell}>
                      <Dropdown
                        className={local.picker}
                        size="small"
                        aria-labelledby={rowId}
                        value={keyText(key, f)}
                        selectedOptions={[key]}
                        disabled={!idle}
                        onOptionSelect={(_, d) => {
                          if (d.optionValue) pick(f, d.optionValue);
                        }}
                      >
                        <Option value={NONE}>(none)</Option>
                        {f.columns.length > 1 ? <Option value={PROPOSED}>{f.columns.join(" + ")}</Option> : null}
                        {headers.map((h) => (
                          <Option key={h} value={`${HEADER}${h}`}>
                            {h}
                          </Option>
                        ))}
                      </Dropdown>
                    </td>
                    <td>
                      {changed[f.field] !== undefined ? (
                        <Badge appearance="outline" color="informative">
                          Changed
                        </Badge>
                      ) : confidence ? (
                        <Badge appearance="tint" color={confidence.color}>
                          {confidence.text}
                        </Badge>
                      ) : (
                        <Caption1 className={styles.muted}>Not read</Caption1>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className={styles.row}>
            <Button disabled={!idle} onClick={() => void runConfirm()}>
              Confirm mapping
            </Button>
            {changes ? <Caption1 className={styles.muted}>{plural(changes, "field")} changed, not confirmed yet.</Caption1> : !view.confirmed ? <Caption1 className={styles.muted}>Not confirmed yet.</Caption1> : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
