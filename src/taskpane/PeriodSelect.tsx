/** A return-period picker, as the Outward, GSTR-2B and ITC-preview panels show it. */
import { Field, Select } from "@fluentui/react-components";
import type { CSSProperties } from "react";
import type { TaxPeriod } from "../ims/periods";
import { periodLabel } from "./format";

export interface PeriodSelectProps {
  label: string;
  value: string;
  periods: readonly TaxPeriod[];
  onChange(value: string): void;
  disabled: boolean;
  /** How a period reads (default "Oct 2026"). */
  format?: (period: TaxPeriod) => string;
  /** A first option standing for every period. */
  all?: { value: string; label: string };
  style?: CSSProperties;
}

export function PeriodSelect({ label, value, periods, onChange, disabled, format = periodLabel, all, style }: PeriodSelectProps) {
  return (
    <Field label={label} style={style}>
      <Select value={value} onChange={(_, d) => onChange(d.value)} disabled={disabled}>
        {all ? <option value={all.value}>{all.label}</option> : null}
        {periods.map((p) => (
          <option key={p} value={p}>
            {format(p)}
          </option>
        ))}
      </Select>
    </Field>
  );
}
