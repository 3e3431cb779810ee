export * from "./api";
export * from "./audit";
export * from "./auth";
export * from "./inventory";
export * from "./cards";
export * from "./fairness";
export * from "./releases";
export * from "./lineage";
