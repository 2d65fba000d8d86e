export * from './market-files';
export { fixedScoresNode, patternScore, isTrainingRow, scoreInRun } from './fixed-scores-node';
