/**
 * Supplier view (outward): pick a return period and return, pull the sales with what each
 * customer did into the Sales sheets, Follow-up and Customers; and pull the liabilities added
 * back for the period.
 */
import { Button, Caption1, Field, MessageBar, MessageBarBody, Select, Text } from "@fluentui/react-components";
import { useCallback, useId, useMemo, useRef, useState } from "react";
import type { AddedBackReport, OutwardReport } from "../app/types";
import type { OutwardForm } from "../ims/outward";
import { addMonths, istDateOf, periodOfDate, type TaxPeriod } from "../ims/periods";
import { useActivity, useImsApp, useSession } from "./context";
import { BusyHint } from "./BusyHint";
import { ErrorNotice } from "./ErrorNotice";
import { clockTime, count, periodLabel, plural, rupees } from "./format";
import { PeriodSelect } from "./PeriodSelect";
import { SignInFirst } from "./SignInFirst";
import { usePanelStyles } from "./styles";
import { TaskProgress } from "./TaskProgress";
import { useNow } from "./use-now";
import { useTask } from "./use-task";

const FORMS: readonly { value: OutwardForm; label: string }[] = [
  { value: "GSTR-1", label: "GSTR-1 / IFF" },
  { value: "GSTR-1A", label: "GSTR-1A" },
];

/** The last twelve return periods, the one just ended first. */
export function recentPeriods(nowMs: number): TaxPeriod[] {
  const current = periodOfDate(istDateOf(nowMs));
  return Array.from({ length: 12 }, (_, i) => addMonths(current, -(i + 1)));
}

export function OutwardPanel() {
  const styles = usePanelStyles();
  const app = useImsApp();
  const session = useSession();
  const idle = useActivity().current === null;
  const now = useNow(60_000);
  const periods = useMemo(() => recentPeriods(now), [Math.floor(now / 86_400_000)]);
  const [period, setPeriod] = useState<TaxPeriod | null>(null);
  const [form, setForm] = useState<OutwardForm>("GSTR-1");
  const sales = useTask<OutwardReport>("sales pull");
  const addedBack = useTask<AddedBackReport>("added-back pull");
  const salesHeading = useRef<HTMLHeadingElement | null>(null);
  const addedHeading = useRef<HTMLHeadingElement | null>(null);
  const salesId = useId();
  const addedId = useId();
  const chosen = period ?? periods[0] ?? "";

  const pullSales = useCallback(() => void sales.run((o) => app.pullSales(chosen, form, o)), [app, sales, chosen, form]);
  const pullAddedBack = useCallback(() => void addedBack.run((o) => app.pullAddedBack(chosen, o)), [app, addedBack, chosen]);

  if (session.status !== "signed-in") return <SignInFirst what="see your sales as your customers acted on them" />;
  const disabled = !idle;

  return (
    <div className={styles.panel}>
      <Caption1 className={styles.muted}>Your documents in GSTR-1, GSTR-1A or IFF, and what each customer did with them in IMS. The sheets are read-only; Follow-up keeps what you write in it.</Caption1>
      <div className={styles.row}>
        <PeriodSelect label="Return period" style={{ flex: "1 1 9em" }} value={chosen} periods={periods} onChange={setPeriod} disabled={disabled} />
        <Field label="Return" style={{ flex: "1 1 7em" }}>
          <Select value={form} onChange={(_, d) => setForm(d.value as OutwardForm)} disabled={disabled}>
            {FORMS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <section className={styles.section} aria-labelledby={salesId}>
        <h3 id={salesId} className={styles.subheading} ref={salesHeading} tabIndex={-1}>
          Sales and your customers' actions
        </h3>
        <div className={styles.row}>
          <Button appearance="primary" disabled={disabled} onClick={pullSales}>
            Pull sales
          </Button>
          <BusyHint task={sales} />
        </div>
        {sales.running ? (
          <TaskProgress label="Sales pull progress" progress={sales.progress} startText="Starting the pull…" cancelling={sales.cancelling} onCancel={sales.cancel} autoFocus returnFocus={() => salesHeading.current?.focus()} />
        ) : null}
        {sales.status === "error" && sales.error ? <ErrorNotice error={sales.error} onRetry={pullSales} /> : null}
        {sales.status === "cancelled" ? (
          <MessageBar intent="warning">
            <MessageBarBody>Cancelled: no sheet was changed.</MessageBarBody>
          </MessageBar>
        ) : null}
        {sales.status === "success" && sales.result ? <SalesSummary report={sales.result} /> : null}
      </section>

      <section className={styles.section} aria-labelledby={addedId}>
        <h3 id={addedId} className={styles.subheading} ref={addedHeading} tabIndex={-1}>
          Added-back liabilities
        </h3>
        <Caption1 className={styles.muted}>Credit notes and downward amendments your customers rejected, added back to your liability for {periodLabel(chosen)}.</Caption1>
        <div className={styles.row}>
          <Button disabled={disabled} onClick={pullAddedBack}>
            Pull added-back liabilities
          </Button>
          <BusyHint task={addedBack} />
        </div>
        {addedBack.running ? (
          <TaskProgress label="Added-back pull progress" progress={addedBack.progress} startText="Starting the pull…" cancelling={addedBack.cancelling} onCancel={addedBack.cancel} autoFocus returnFocus={() => addedHeading.current?.focus()} />
        ) : null}
        {addedBack.status === "error" && addedBack.error ? <ErrorNotice error={addedBack.error} onRetry={pullAddedBack} /> : null}
        {addedBack.status === "success" && addedBack.result ? <AddedBackSummary report={addedBack.result} /> : null}
      </section>
    </div>
  );
}

const ACTION_ROWS = [
  ["N", "No action"],
  ["A", "Accepted"],
  ["R", "Rejected"],
  ["P", "Pending"],
] as const;

function SalesSummary({ report }: { report: OutwardReport }) {
  const styles = usePanelStyles();
  const total = report.sections.reduce((n, s) => n + s.documents, 0);
  const at = Date.parse(report.pulledAt);
  return (
    <div className={styles.section}>
      <MessageBar intent={total > 0 ? "success" : "info"} layout="multiline">
        <MessageBarBody>
          {total > 0 ? `Pulled ${plural(total, "document")}` : "The portal has no documents"} of {periodLabel(report.period)} ({report.form}){Number.isFinite(at) ? ` at ${clockTime(at)}` : ""}.
        </MessageBarBody>
      </MessageBar>
      <table className={styles.table}>
        <caption className={styles.muted} style={{ textAlign: "left", fontSize: "inherit", marginBottom: 4 }}>
          Documents by customer's action
        </caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Documents</th>
            <th scope="col">Tax</th>
          </tr>
        </thead>
        <tbody>
          {ACTION_ROWS.map(([a, word]) => (
            <tr key={a}>
              <th scope="row">{word}</th>
              <td>{count(report.byAction[a].documents)}</td>
              <td>{rupees(report.byAction[a].tax)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className={styles.list} aria-label="Sheets written">
        {report.sections.map((s) => (
          <li key={s.section} className={styles.listItem}>
            <Text weight="semibold">
              {s.sheetName}: {s.documents ? plural(s.documents, "document") : "none"}
            </Text>
            <Caption1 className={styles.muted}>{s.title}</Caption1>
          </li>
        ))}
        <li className={styles.listItem}>
          <Text weight="semibold">
            {report.followUp.sheetName}: {plural(report.followUp.rows, "document")} to follow up
          </Text>
          <Caption1 className={styles.muted}>
            Rejected, pending and no action, by customer, highest value first.
            {report.followUp.notesKept ? ` ${plural(report.followUp.notesKept, "note")} of yours kept.` : ""}
          </Caption1>
        </li>
        <li className={styles.listItem}>
          <Text weight="semibold">
            {report.customers.sheetName}: {plural(report.customers.rows, "customer")}
          </Text>
          <Caption1 className={styles.muted}>Documents and value by each customer's action.</Caption1>
        </li>
      </ul>
    </div>
  );
}

const SECTION_WORDS: Readonly<Record<string, string>> = { CDNR: "Credit notes", B2BA: "Amended invoices", CDNRA: "Amended notes", ECOMA: "Amended e-commerce", Total: "Total" };

function AddedBackSummary({ report }: { report: AddedBackReport }) {
  const styles = usePanelStyles();
  return (
    <div className={styles.section}>
      <MessageBar intent={report.documents > 0 ? "warning" : "success"} layout="multiline">
        <MessageBarBody>
          {report.documents > 0 ? `${plural(report.documents, "document")} added back to your liability for ${periodLabel(report.period)}; see the ${report.sheetName} sheet.` : `Nothing was added back to your liability for ${periodLabel(report.period)}.`}
        </MessageBarBody>
      </MessageBar>
      {report.documents > 0 ? (
        <table className={styles.table}>
          <caption className={styles.muted} style={{ textAlign: "left", fontSize: "inherit", marginBottom: 4 }}>
            Added back, per head
          </caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Docs</th>
              <th scope="col">IGST</th>
              <th scope="col">CGST</th>
              <th scope="col">SGST</th>
              <th scope="col">Cess</th>
            </tr>
          </thead>
          <tbody>
            {report.totals
              .filter((t) => t.documents > 0 || t.section === "Total")
              .map((t) => (
                <tr key={t.section}>
                  <th scope="row">{SECTION_WORDS[t.section] ?? t.section}</th>
                  <td>{count(t.documents)}</td>
                  <td>{rupees(t.igst)}</td>
                  <td>{rupees(t.cgst)}</td>
                  <td>{rupees(t.sgst)}</td>
                  <td>{rupees(t.cess)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
