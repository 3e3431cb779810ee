/** Where a version's card lives, in the portal and in the API (versions may hold '+', so they are encoded). */
export const versionPath = (model: string, version: string) => `/models/${model}/versions/${encodeURIComponent(version)}`;
export const cardPagePath = (model: string, version: string, page: "edit" | "history" | "print") =>
  `${versionPath(model, version)}/card/${page}`;
export const cardApiPath = (model: string, version: string) => `/api/v1/models/${model}/versions/${encodeURIComponent(version)}/card`;
