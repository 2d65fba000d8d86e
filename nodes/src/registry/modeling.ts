import { eraseNode, type AnyNodeDefinition } from '../define';
import trainTest from '../split/train-test.node.ts';
import walkForward from '../split/walk-forward.node.ts';
import logisticRegression from '../train/logistic-regression.node.ts';
import randomForestClassifier from '../train/random-forest-classifier.node.ts';
import randomForestRegressor from '../train/random-forest-regressor.node.ts';
import linearRegression from '../train/linear-regression.node.ts';
import predict from '../train/predict.node.ts';
import loadModel from '../train/load-model.node.ts';
import metrics from '../evaluate/metrics.node.ts';
import compare from '../evaluate/compare.node.ts';
import tune from '../evaluate/tune.node.ts';
import permutationImportance from '../evaluate/permutation-importance.node.ts';
import longFlat from '../backtest/long-flat.node.ts';
import qualityGate from '../backtest/quality-gate.node.ts';
import modelReport from '../report/model-report.node.ts';

/** Split, train, evaluate, backtest and report nodes. */
export const modelingNodes: AnyNodeDefinition[] = [
  eraseNode(trainTest),
  eraseNode(walkForward),
  eraseNode(logisticRegression),
  eraseNode(randomForestClassifier),
  eraseNode(randomForestRegressor),
  eraseNode(linearRegression),
  eraseNode(loadModel),
  eraseNode(predict),
  eraseNode(metrics),
  eraseNode(compare),
  eraseNode(tune),
  eraseNode(permutationImportance),
  eraseNode(longFlat),
  eraseNode(qualityGate),
  eraseNode(modelReport),
];
