import { IST_OFFSET_MS, istDateOf } from "../ims/periods";

/** The portal's clock: real time plus an offset that the clock scenario hook moves. */
export class PortalClock {
  constructor(private offsetMs = 0) {}

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Today's date on the portal, in India (IST, UTC+05:30), as YYYY-MM-DD. */
  today(): string {
    return istDateOf(this.now());
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}

/** The epoch at IST midnight starting a date, and ending one. */
export function istStartOfDay(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00.000Z`) - IST_OFFSET_MS;
}

export function istEndOfDay(isoDate: string): number {
  return istStartOfDay(isoDate) + 24 * 60 * 60 * 1000 - 1;
}
