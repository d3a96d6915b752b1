/** Object names: every object of an experiment is named under the experiment's id. */
export const experimentObjectName = (experimentId: string): string => `experiment:${experimentId}`;
export const coordinatorObjectName = (experimentId: string, index: number): string => `${experimentId}:c${index}`;
export const shardObjectName = (experimentId: string, index: number): string => `${experimentId}:s${index}`;
export const agentObjectName = (experimentId: string, agent: string): string => `${experimentId}:${agent}`;
export const providerObjectName = (experimentId: string, providerKey: string): string => `${experimentId}:p:${providerKey}`;

const pad = (round: number): string => String(round).padStart(7, "0");
export const roundPrefix = (experimentId: string, round: number): string => `experiments/${experimentId}/rounds/${pad(round)}/`;
export const roundManifestKey = (experimentId: string, round: number): string => `${roundPrefix(experimentId, round)}manifest.json`;
export const telemetryKey = (experimentId: string, round: number): string => `${roundPrefix(experimentId, round)}telemetry.ndjson`;
export const experimentRecordKey = (experimentId: string): string => `experiments/${experimentId}/experiment.json`;
/** Artifacts stored with an experiment (the analysis report and its influence graph). */
export const artifactKey = (experimentId: string, name: string): string => `experiments/${experimentId}/artifacts/${name}.json`;
