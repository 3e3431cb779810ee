import type { FrameworkDef } from "../types";

// Regulation (EU) 2024/1689, the articles a provider of a high-risk AI system answers to. Article numbers are the
// Regulation's; titles are our own short words (see README.md).
export const EU_AI_ACT: FrameworkDef = {
  id: "eu-ai-act",
  title: "EU AI Act (high-risk providers)",
  version: "Regulation (EU) 2024/1689",
  source: "Chapter III, Section 2 and 3; Chapter IX",
  controls: [
    {
      id: "Art. 9",
      group: "Requirements",
      title: "A risk management process runs across the lifecycle",
      evidence: ["risk_assessment", "card.ethicalConsiderations", "review", "finding"],
    },
    {
      id: "Art. 10",
      group: "Requirements",
      title: "Training and test data are governed and checked",
      evidence: ["lineage", "data_quality", "card.trainingData", "card.evaluationData"],
    },
    {
      id: "Art. 11",
      group: "Requirements",
      title: "Technical documentation is drawn up and kept current",
      evidence: ["card", "card.modelDetails", "card.intendedUse"],
    },
    {
      id: "Art. 12",
      group: "Requirements",
      title: "Events are logged automatically over the system's life",
      evidence: ["audit_trail", "monitoring_coverage"],
    },
    {
      id: "Art. 13",
      group: "Requirements",
      title: "Deployers get instructions and the limits of the system",
      evidence: ["card.intendedUse", "card.caveatsAndRecommendations", "card.metrics"],
    },
    { id: "Art. 14", group: "Requirements", title: "People can oversee and stop the system", evidence: ["approval", "review"] },
    {
      id: "Art. 15",
      group: "Requirements",
      title: "Accuracy, robustness and security are declared and held",
      evidence: ["evaluation", "card.quantitativeAnalyses", "bias_audit", "slo"],
    },
    {
      id: "Art. 17",
      group: "Provider obligations",
      title: "A quality management system is in place",
      evidence: ["approval", "audit_trail", "review"],
    },
    {
      id: "Art. 72",
      group: "Post-market",
      title: "The system is monitored after it is placed on the market",
      evidence: ["monitoring_coverage", "slo", "incident"],
    },
    { id: "Art. 73", group: "Post-market", title: "Serious incidents are reported on time", evidence: ["incident", "audit_trail"] },
  ],
};
