import type { ControlDef, EvidenceRef, FrameworkDef } from "../types";

// ISO/IEC 42001:2023, Annex A (reference control objectives and controls), by identifier. The standard's text is
// copyrighted: only the identifiers are the standard's; every title here is our own short wording (see README.md).
type Row = readonly [id: string, title: string, evidence: readonly EvidenceRef[]];

const ROWS: [group: string, rows: Row[]][] = [
  [
    "A.2 Policies related to AI",
    [
      ["A.2.2", "An AI policy exists", ["approval"]],
      ["A.2.3", "The AI policy fits with other policies", ["approval"]],
      ["A.2.4", "The AI policy is reviewed", ["review"]],
    ],
  ],
  [
    "A.3 Internal organisation",
    [
      ["A.3.2", "AI roles and responsibilities are assigned", ["card.modelDetails", "approval"]],
      ["A.3.3", "Concerns can be reported", ["incident", "finding"]],
    ],
  ],
  [
    "A.4 Resources for AI systems",
    [
      ["A.4.2", "Resources are documented", ["card.modelDetails"]],
      ["A.4.3", "Data resources are documented", ["card.trainingData", "lineage"]],
      ["A.4.4", "Tooling resources are documented", ["lineage"]],
      ["A.4.5", "Computing resources are documented", ["slo"]],
      ["A.4.6", "People and their competences are documented", ["card.modelDetails"]],
    ],
  ],
  [
    "A.5 Assessing impacts of AI systems",
    [
      ["A.5.2", "An impact assessment process exists", ["risk_assessment"]],
      ["A.5.3", "Impact assessments are documented", ["risk_assessment", "card.ethicalConsiderations"]],
      ["A.5.4", "Impacts on individuals and groups are assessed", ["bias_audit", "card.factors"]],
      ["A.5.5", "Impacts on society are assessed", ["card.ethicalConsiderations"]],
    ],
  ],
  [
    "A.6 AI system life cycle",
    [
      ["A.6.1.2", "Objectives for responsible development are set", ["card.intendedUse"]],
      ["A.6.1.3", "Responsible design and development processes exist", ["approval"]],
      ["A.6.2.2", "Requirements are specified", ["card.intendedUse", "card.metrics"]],
      ["A.6.2.3", "Design and development are documented", ["card.modelDetails", "card"]],
      ["A.6.2.4", "The system is verified and validated", ["evaluation", "review"]],
      ["A.6.2.5", "Deployment is planned and approved", ["approval"]],
      ["A.6.2.6", "The system is operated and monitored", ["monitoring_coverage", "slo"]],
      ["A.6.2.7", "Technical documentation is available to those who need it", ["card"]],
      ["A.6.2.8", "Event logs are recorded", ["audit_trail"]],
    ],
  ],
  [
    "A.7 Data for AI systems",
    [
      ["A.7.2", "Data for development and enhancement is managed", ["lineage"]],
      ["A.7.3", "Data is acquired with care", ["lineage", "card.trainingData"]],
      ["A.7.4", "Data quality is defined and checked", ["data_quality"]],
      ["A.7.5", "Data provenance is recorded", ["lineage"]],
      ["A.7.6", "Data preparation is documented", ["lineage", "card.trainingData"]],
    ],
  ],
  [
    "A.8 Information for interested parties",
    [
      ["A.8.2", "Users get the documentation they need", ["card.intendedUse", "card.caveatsAndRecommendations"]],
      ["A.8.3", "Outsiders can report adverse impacts", ["incident"]],
      ["A.8.4", "Incidents are communicated", ["incident"]],
      ["A.8.5", "Information owed to interested parties is provided", ["card"]],
    ],
  ],
  [
    "A.9 Use of AI systems",
    [
      ["A.9.2", "Responsible use is governed by process", ["approval"]],
      ["A.9.3", "Objectives for responsible use are set", ["card.intendedUse"]],
      ["A.9.4", "The system is used as intended", ["card.intendedUse", "monitoring_coverage"]],
    ],
  ],
  [
    "A.10 Third-party and customer relationships",
    [
      ["A.10.2", "Responsibilities are shared out with third parties", ["lineage"]],
      ["A.10.3", "Suppliers are held to the organisation's approach", ["lineage", "review"]],
      ["A.10.4", "Customers' expectations are taken into account", ["card.intendedUse"]],
    ],
  ],
];

export const ISO_42001: FrameworkDef = {
  id: "iso-42001",
  title: "ISO/IEC 42001 Annex A",
  version: "ISO/IEC 42001:2023",
  source: "Annex A controls (identifiers only; titles ours)",
  controls: ROWS.flatMap(([group, rows]) => rows.map(([id, title, evidence]): ControlDef => ({ id, title, group, evidence }))),
};
