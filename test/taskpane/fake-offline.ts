/**
 * The offline part of the fake application (FakeImsApp.offline): every call is recorded and
 * returns a promise the test settles, like the rest of FakeImsApp; `status` answers at once.
 */
import type { ConfirmUploadReport, ErrorFileReport, ImsFileReport, OfflineFiles, OfflineStatus, OpenImsFileOptions, PickedFile, UploadFileReport } from "../../src/app/offline-types";
import type { ProgressOptions } from "../../src/app/types";

export class Pending<T> {
  readonly promise: Promise<T>;
  resolve!: (value: T) => void;
  reject!: (error: unknown) => void;
  constructor() {
    this.promise = new Promise<T>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
  }
}

export interface OfflineCall<T> {
  args: unknown[];
  options: ProgressOptions | undefined;
  pending: Pending<T>;
}

type Results = {
  openImsFile: ImsFileReport;
  saveUploadFile: UploadFileReport;
  openErrorFile: ErrorFileReport;
  confirmUploaded: ConfirmUploadReport;
};

export class FakeOfflineFiles implements OfflineFiles {
  current: OfflineStatus = { gstin: null, file: null, upload: null };
  readonly calls: { [M in keyof Results]: OfflineCall<Results[M]>[] } = { openImsFile: [], saveUploadFile: [], openErrorFile: [], confirmUploaded: [] };

  last<M extends keyof Results>(method: M): OfflineCall<Results[M]> {
    const call = this.calls[method].at(-1);
    if (!call) throw new Error(`FakeOfflineFiles: ${method} was not called`);
    return call;
  }

  private enqueue<M extends keyof Results>(method: M, args: unknown[], options: ProgressOptions | undefined): Promise<Results[M]> {
    const pending = new Pending<Results[M]>();
    (this.calls[method] as OfflineCall<Results[M]>[]).push({ args, options, pending });
    return pending.promise;
  }

  status = jest.fn((): Promise<OfflineStatus> => Promise.resolve(this.current));
  openImsFile = jest.fn((file: PickedFile, options?: OpenImsFileOptions) => this.enqueue("openImsFile", [file], options));
  saveUploadFile = jest.fn((options?: ProgressOptions) => this.enqueue("saveUploadFile", [], options));
  openErrorFile = jest.fn((file: PickedFile, options?: ProgressOptions) => this.enqueue("openErrorFile", [file], options));
  confirmUploaded = jest.fn((uploadFile: string, options?: ProgressOptions) => this.enqueue("confirmUploaded", [uploadFile], options));
}
