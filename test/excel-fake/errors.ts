/**
 * Errors shaped like the ones Office.js throws: `name` is "RichApi.Error", and `code`, `message`,
 * `debugInfo`, `traceMessages`, `innerError` and `httpStatusCode` are set the way the real
 * runtime (`_Internal.RuntimeError`) sets them. The class is installed as
 * `OfficeExtension.Error`, so `err instanceof OfficeExtension.Error` works in engine code.
 */

/**
 * The codes this fake throws. Where they live in real Office.js matters: `Excel.ErrorCodes`
 * holds only the Excel-specific ones (no `propertyNotLoaded`, no
 * `requestPayloadSizeLimitExceeded`); those are on `OfficeExtension.ErrorCodes`. See
 * `EXCEL_ERROR_CODES` and `OFFICE_EXTENSION_ERROR_CODES` below.
 */
export const Codes = {
  itemNotFound: "ItemNotFound",
  itemAlreadyExists: "ItemAlreadyExists",
  invalidArgument: "InvalidArgument",
  invalidOperation: "InvalidOperation",
  generalException: "GeneralException",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  valueNotLoaded: "ValueNotLoaded",
  runMustReturnPromise: "RunMustReturnPromise",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  invalidObjectPath: "InvalidObjectPath",
  invalidReference: "InvalidReference",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
  /** Not an Office code: thrown by the `user.typeInto` helper when a Stop alert rejects input. */
  validationRejected: "ValidationRejected",
} as const;

export type FakeErrorCode = (typeof Codes)[keyof typeof Codes];

/** `Excel.ErrorCodes` exactly as the ExcelApi runtime defines it (excel-web-16.00.js). */
export const EXCEL_ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  conflict: "Conflict",
  emptyChartSeries: "EmptyChartSeries",
  filteredRangeConflict: "FilteredRangeConflict",
  formulaLengthExceedsLimit: "FormulaLengthExceedsLimit",
  generalException: "GeneralException",
  inactiveWorkbook: "InactiveWorkbook",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  mergedRangeConflict: "MergedRangeConflict",
  nonBlankCellOffSheet: "NonBlankCellOffSheet",
  notImplemented: "NotImplemented",
  openWorkbookLinksBlocked: "OpenWorkbookLinksBlocked",
  operationCellsExceedLimit: "OperationCellsExceedLimit",
  pivotTableRangeConflict: "PivotTableRangeConflict",
  rangeExceedsLimit: "RangeExceedsLimit",
  refreshWorkbookLinksBlocked: "RefreshWorkbookLinksBlocked",
  requestAborted: "RequestAborted",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  unsupportedFeature: "UnsupportedFeature",
  unsupportedOperation: "UnsupportedOperation",
  unsupportedSheet: "UnsupportedSheet",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
});

/** `OfficeExtension.ErrorCodes` as the runtime defines it (CoreErrorCodes plus its own). */
export const OFFICE_EXTENSION_ERROR_CODES: Readonly<Record<string, string>> = Object.freeze({
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  activityLimitReached: "ActivityLimitReached",
  invalidArgument: "InvalidArgument",
  connectionFailure: "ConnectionFailure",
  timeout: "Timeout",
  invalidOrTimedOutSession: "InvalidOrTimedOutSession",
  invalidObjectPath: "InvalidObjectPath",
  invalidReference: "InvalidReference",
  invalidRequestContext: "InvalidRequestContext",
  valueNotLoaded: "ValueNotLoaded",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
  responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
  writeNotSupportedWhenModalDialogOpen: "WriteNotSupportedWhenModalDialogOpen",
  propertyNotLoaded: "PropertyNotLoaded",
  runMustReturnPromise: "RunMustReturnPromise",
  cannotRegisterEvent: "CannotRegisterEvent",
  cannotUpdateReadOnlyProperty: "CannotUpdateReadOnlyProperty",
});

const HTTP_STATUS: Readonly<Record<string, number>> = {
  AccessDenied: 401,
  GeneralException: 500,
  InvalidArgument: 400,
  InvalidObjectPath: 400,
  ValueNotLoaded: 400,
  PropertyNotLoaded: 400,
  ItemNotFound: 404,
  RequestPayloadSizeLimitExceeded: 413,
  ResponsePayloadSizeLimitExceeded: 413,
};

export interface FakeDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
  statement?: string;
}

export class FakeOfficeError extends Error {
  override name = "RichApi.Error";
  readonly code: string;
  readonly debugInfo: FakeDebugInfo;
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;
  readonly httpStatusCode: number;

  constructor(code: string, message: string, location?: string) {
    super(message);
    Object.setPrototypeOf(this, FakeOfficeError.prototype);
    this.code = code;
    this.debugInfo = { code, message };
    if (location) this.debugInfo.errorLocation = location;
    this.httpStatusCode = HTTP_STATUS[code] ?? 500;
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

const MESSAGES: Readonly<Record<string, string>> = {
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: "A resource with the same name or identifier already exists.",
  InvalidArgument: "The argument is invalid or missing or has an incorrect format.",
  InvalidOperation: "The operation is invalid for the object.",
  InvalidOperationInCellEditMode:
    "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
  InvalidReference: "This reference isn't valid for the current operation.",
  InvalidObjectPath: "The object path isn't working for what you're trying to do.",
  GeneralException: "An internal error has occurred.",
  NotImplemented: "The requested feature isn't implemented.",
  RequestPayloadSizeLimitExceeded:
    "The request payload size has exceeded the limit. Please refer to the documentation: " +
    '"https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".',
  ResponsePayloadSizeLimitExceeded:
    "The response payload size has exceeded the limit. Please refer to the documentation: " +
    '"https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".',
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
};

/** An Office-style error. `detail` is appended to the stock message to make test failures readable. */
export function officeError(code: FakeErrorCode | string, detail?: string, location?: string): FakeOfficeError {
  const base = MESSAGES[code] ?? code;
  return new FakeOfficeError(code, detail ? `${base} (${detail})` : base, location);
}

export function propertyNotLoaded(entity: string, property: string): FakeOfficeError {
  return new FakeOfficeError(
    Codes.propertyNotLoaded,
    `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${entity}.${property}`,
  );
}

/** Thrown (synchronously) when engine code touches a member that is not in docs/excel-api-subset.md. */
export class NotInSubsetError extends Error {
  override name = "ExcelFakeNotInSubset";
  constructor(entity: string, member: string) {
    super(
      `Excel fake: ${entity}.${member} is not in docs/excel-api-subset.md. ` +
        `Add it to the contract, then to the fake (with a test), before the engine uses it.`,
    );
  }
}
