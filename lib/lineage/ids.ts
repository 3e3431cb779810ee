/** Lineage node ids, as API.md defines them: `{type}:{part}:{part}`, each part percent-encoded. Pure. */
export const NODE_TYPES = ["dataset", "job", "model", "deployment"] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export function nodeId(type: NodeType, namespace: string, name: string): string {
  return `${type}:${encodeURIComponent(namespace)}:${encodeURIComponent(name)}`;
}

export function parseNodeId(id: string): { type: NodeType; namespace: string; name: string } | null {
  const parts = id.split(":");
  if (parts.length !== 3 || !(NODE_TYPES as readonly string[]).includes(parts[0])) return null;
  try {
    return { type: parts[0] as NodeType, namespace: decodeURIComponent(parts[1]), name: decodeURIComponent(parts[2]) };
  } catch {
    return null;
  }
}

export const datasetId = (d: { namespace: string; name: string }) => nodeId("dataset", d.namespace, d.name);
export const jobId = (j: { namespace: string; name: string }) => nodeId("job", j.namespace, j.name);
export const modelNodeId = (model: string, version: string) => nodeId("model", model, version);
export const deploymentNodeId = (model: string, environment: string) => nodeId("deployment", model, environment);
