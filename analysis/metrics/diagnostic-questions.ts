/**
 * What each diagnostic asks, in one sentence a researcher can check against the data, where its
 * definition is (docs/metrics.md, section anchors as GitHub renders them - section numbers are
 * fixed), and the unit its effect and delta are in when its rule names no unit per component.
 * report.html and the pages show these beside each verdict (issue 13, item 8).
 */
export interface DiagnosticQuestion {
  /** The question the verdict answers, as a yes/no question about the run. */
  readonly question: string;
  /** docs/metrics.md with the anchor of the diagnostic's section. */
  readonly definition: string;
  /** The effect's unit for a single-delta rule (a component's own `unit` wins). */
  readonly unit: string;
}

const metricsDoc = "docs/metrics.md";

export const diagnosticQuestions: Readonly<Record<string, DiagnosticQuestion>> = {
  individualDrift: {
    question:
      "Do agents drift together and toward the society: does each agent's late-minus-early change point the same way as the others' (consistency) and bring it closer to the society of its time than a random other agent (pull)?",
    definition: `${metricsDoc}#6-individual-drift`,
    unit: "cosine",
  },
  feedbackAdaptation: {
    question:
      "Does an agent's next post move toward its own well-received recent posts and away from its poorly received ones, more than when the same scores are shuffled among posts of the same age?",
    definition: `${metricsDoc}#7-feedback-adaptation`,
    unit: "cosine similarity",
  },
  interactionInfluence: {
    question:
      "After an agent comments on something, do its own later posts move toward it, more than toward a comparable item it was shown in the same round and never engaged with?",
    definition: `${metricsDoc}#8-interaction-influence`,
    unit: "cosine similarity",
  },
  influence: {
    question:
      "Do the same agents keep leading the comment graph from one day to the next (persistence), and does PageRank concentrate on the top 1 % (concentration), more than a null gives that draws every comment from what the commenter was shown, weighted by feed position and by each author's engagement propensity known from earlier days?",
    definition: `${metricsDoc}#9-influence`,
    unit: "share",
  },
  memoryProbes: {
    question:
      "Asked from memory which agents and posts were influential, do agents' answers agree with each other (consensus) more than answers naming what each agent's own feed showed it at the top most often?",
    definition: `${metricsDoc}#10-memory-probes`,
    unit: "Jaccard similarity",
  },
  sharedReferences: {
    question:
      "Do agents cite agents and posts they were not shown in the last simulated day, and do those citations fall on the same few things more than what each agent was itself shown before makes them - a convergence that memories passed on produce, and so does one recall rule over a common past?",
    definition: `${metricsDoc}#11-shared-references`,
    unit: "long-range references per post or comment",
  },
};

/** The question of a diagnostic, or a generic one for a name this list does not know. */
export function diagnosticQuestion(metric: string): DiagnosticQuestion {
  return (
    diagnosticQuestions[metric] ?? {
      question: `Does ${metric} show an effect of at least its delta?`,
      definition: `${metricsDoc}#verdicts`,
      unit: "",
    }
  );
}
