/** The application layer: what the task pane calls. */
export { createImsApp, type CreateAppOptions } from "./create-app";
export { explainError, AppError } from "./explain";
export type * from "./types";
export type * from "./offline-types";
