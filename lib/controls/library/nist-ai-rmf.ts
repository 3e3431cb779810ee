import type { ControlDef, EvidenceRef, FrameworkDef } from "../types";

// NIST AI 100-1, AI Risk Management Framework 1.0 (January 2023): every subcategory of its four functions by its
// identifier. Titles are our own short words, not NIST's text (see README.md).
type Row = readonly [id: string, title: string, evidence: readonly EvidenceRef[]];

const GOVERN: Row[] = [
  ["GOVERN 1.1", "Legal and regulatory duties are known and managed", ["risk_assessment"]],
  ["GOVERN 1.2", "Trustworthy-AI traits are built into policy", ["approval"]],
  ["GOVERN 1.3", "How much risk management a system gets follows its risk", ["risk_assessment"]],
  ["GOVERN 1.4", "The risk process and its results are transparent", ["audit_trail"]],
  ["GOVERN 1.5", "Monitoring and periodic review are planned, with owners", ["review", "monitoring_coverage"]],
  ["GOVERN 1.6", "An inventory of AI systems is kept", ["card.modelDetails"]],
  ["GOVERN 1.7", "Decommissioning is done safely", ["audit_trail"]],
  ["GOVERN 2.1", "Roles and lines of responsibility are written down", ["card.modelDetails", "approval"]],
  ["GOVERN 2.2", "Staff and partners are trained for their part", ["review"]],
  ["GOVERN 2.3", "Leadership owns decisions about AI risk", ["approval"]],
  ["GOVERN 3.1", "Decisions draw on a diverse team", ["review"]],
  ["GOVERN 3.2", "Human-AI roles and oversight are defined", ["approval", "card.intendedUse"]],
  ["GOVERN 4.1", "A culture of critical thinking and safety is fostered", ["review"]],
  ["GOVERN 4.2", "Impacts are documented and shared", ["card.ethicalConsiderations"]],
  ["GOVERN 4.3", "Testing, incident finding and information sharing are enabled", ["incident", "evaluation"]],
  ["GOVERN 5.1", "Feedback from outside the team is collected", ["finding"]],
  ["GOVERN 5.2", "Feedback is fed back into the system", ["finding"]],
  ["GOVERN 6.1", "Third-party risks are covered by policy", ["lineage"]],
  ["GOVERN 6.2", "Contingencies exist for third-party failures", ["incident"]],
];
const MAP: Row[] = [
  ["MAP 1.1", "The intended purpose and context are understood", ["card.intendedUse"]],
  ["MAP 1.2", "The team has the expertise the context calls for", ["card.modelDetails"]],
  ["MAP 1.3", "The organisation's mission for the system is stated", ["card.intendedUse"]],
  ["MAP 1.4", "The business value is stated", ["card.intendedUse"]],
  ["MAP 1.5", "Risk tolerance is set", ["risk_assessment"]],
  ["MAP 1.6", "System requirements come from the people affected", ["card.factors"]],
  ["MAP 2.1", "The task and the methods are defined", ["card.modelDetails"]],
  ["MAP 2.2", "Knowledge limits and human use are documented", ["card.caveatsAndRecommendations"]],
  ["MAP 2.3", "Scientific integrity and test design are documented", ["card.evaluationData", "evaluation"]],
  ["MAP 3.1", "Expected benefits are examined", ["card.intendedUse"]],
  ["MAP 3.2", "Expected costs, errors included, are examined", ["card.ethicalConsiderations"]],
  ["MAP 3.3", "The application's scope is bounded", ["card.intendedUse"]],
  ["MAP 3.4", "Operator proficiency is defined and checked", ["card.intendedUse"]],
  ["MAP 3.5", "Human oversight processes are defined", ["approval"]],
  ["MAP 4.1", "Legal risks of components and data are mapped", ["lineage"]],
  ["MAP 4.2", "Internal risk controls for components are in place", ["lineage", "data_quality"]],
  ["MAP 5.1", "Likelihood and size of each impact are known", ["risk_assessment"]],
  ["MAP 5.2", "People affected are engaged and their feedback used", ["finding"]],
];
const MEASURE: Row[] = [
  ["MEASURE 1.1", "Methods and metrics for the main risks are chosen", ["card.metrics"]],
  ["MEASURE 1.2", "Metrics and controls are reviewed for fitness", ["review"]],
  ["MEASURE 1.3", "Assessments involve independent people", ["review", "approval"]],
  ["MEASURE 2.1", "Test sets, metrics and tools are documented", ["card.evaluationData", "evaluation"]],
  ["MEASURE 2.2", "Evaluations with people follow protection rules", ["card.ethicalConsiderations"]],
  ["MEASURE 2.3", "Performance is measured in deployment-like conditions", ["evaluation"]],
  ["MEASURE 2.4", "Function and behaviour are monitored in production", ["monitoring_coverage", "slo"]],
  ["MEASURE 2.5", "Validity and reliability are shown", ["evaluation", "card.quantitativeAnalyses"]],
  ["MEASURE 2.6", "Safety risks are evaluated regularly", ["review", "incident"]],
  ["MEASURE 2.7", "Security and resilience are evaluated", ["slo"]],
  ["MEASURE 2.8", "Transparency and accountability risks are examined", ["audit_trail"]],
  ["MEASURE 2.9", "The model is explained and its output interpreted", ["card.modelDetails", "card.caveatsAndRecommendations"]],
  ["MEASURE 2.10", "Privacy risk is examined", ["card.ethicalConsiderations"]],
  ["MEASURE 2.11", "Fairness and bias are evaluated", ["bias_audit"]],
  ["MEASURE 2.12", "Environmental impact is assessed", ["card.ethicalConsiderations"]],
  ["MEASURE 2.13", "The measurement approach itself is evaluated", ["review"]],
  ["MEASURE 3.1", "Emergent risks are tracked over time", ["monitoring_coverage", "finding"]],
  ["MEASURE 3.2", "Hard-to-measure risks are tracked too", ["finding"]],
  ["MEASURE 3.3", "Users can report problems and appeal outcomes", ["incident"]],
  ["MEASURE 4.1", "Measurement fits the deployment context", ["evaluation"]],
  ["MEASURE 4.2", "Trustworthiness in context is confirmed with domain input", ["review"]],
  ["MEASURE 4.3", "Performance changes are measured and recorded", ["monitoring_coverage"]],
];
const MANAGE: Row[] = [
  ["MANAGE 1.1", "Whether to go ahead with the system is decided", ["approval"]],
  ["MANAGE 1.2", "Risk treatment is prioritised by impact", ["risk_assessment", "finding"]],
  ["MANAGE 1.3", "Responses to high risks are planned", ["finding"]],
  ["MANAGE 1.4", "Residual risks are documented", ["card.caveatsAndRecommendations", "finding"]],
  ["MANAGE 2.1", "Resources for risk management are weighed against alternatives", ["risk_assessment"]],
  ["MANAGE 2.2", "Mechanisms keep the deployed system's value", ["slo", "monitoring_coverage"]],
  ["MANAGE 2.3", "Unknown risks are responded to when found", ["incident"]],
  ["MANAGE 2.4", "Systems can be superseded, disengaged or deactivated", ["approval"]],
  ["MANAGE 3.1", "Third-party risks are monitored and controlled", ["lineage"]],
  ["MANAGE 3.2", "Pre-trained components are monitored", ["lineage", "monitoring_coverage"]],
  ["MANAGE 4.1", "Post-deployment monitoring is in place", ["monitoring_coverage", "slo"]],
  ["MANAGE 4.2", "Continual improvement is built into updates", ["review"]],
  ["MANAGE 4.3", "Incidents and errors are tracked and communicated", ["incident", "audit_trail"]],
];

const rows = (group: string, list: Row[]): ControlDef[] => list.map(([id, title, evidence]) => ({ id, title, group, evidence }));

export const NIST_AI_RMF: FrameworkDef = {
  id: "nist-ai-rmf",
  title: "NIST AI Risk Management Framework",
  version: "AI RMF 1.0 (NIST AI 100-1)",
  source: "Core subcategories: GOVERN, MAP, MEASURE, MANAGE",
  controls: [...rows("GOVERN", GOVERN), ...rows("MAP", MAP), ...rows("MEASURE", MEASURE), ...rows("MANAGE", MANAGE)],
};
