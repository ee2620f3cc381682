export { DurableStore, type DurableStoreOptions, type LoadedState } from "./durableStore";
