import { eraseNode, type AnyNodeDefinition } from '../define';
import listCoins from '../data/list-coins.node.ts';
import loadCandles from '../data/load-candles.node.ts';
import resample from '../data/resample.node.ts';
import missingValues from '../clean/missing-values.node.ts';
import outliers from '../clean/outliers.node.ts';
import duplicates from '../clean/duplicates.node.ts';
import sma from '../indicator/sma.node.ts';
import ema from '../indicator/ema.node.ts';
import rsi from '../indicator/rsi.node.ts';
import macd from '../indicator/macd.node.ts';
import bbands from '../indicator/bbands.node.ts';
import atr from '../indicator/atr.node.ts';
import stoch from '../indicator/stoch.node.ts';
import obv from '../indicator/obv.node.ts';
import roc from '../indicator/roc.node.ts';
import summaryStats from '../eda/summary-stats.node.ts';
import returnDistribution from '../eda/return-distribution.node.ts';
import autocorrelation from '../eda/autocorrelation.node.ts';
import correlation from '../eda/correlation.node.ts';
import priceChart from '../eda/price-chart.node.ts';
import featureSet from '../feature/feature-set.node.ts';
import dataset from '../feature/dataset.node.ts';
import customFeature from '../code/custom-feature.node.ts';
import riseWithin from '../target/rise-within.node.ts';
import fallWithin from '../target/fall-within.node.ts';
import returnUp from '../target/return-up.node.ts';
import futureReturn from '../target/future-return.node.ts';

/** Data, cleaning, EDA, indicator, feature and target nodes. */
export const dataScienceNodes: AnyNodeDefinition[] = [
  eraseNode(listCoins),
  eraseNode(loadCandles),
  eraseNode(resample),
  eraseNode(missingValues),
  eraseNode(outliers),
  eraseNode(duplicates),
  eraseNode(sma),
  eraseNode(ema),
  eraseNode(rsi),
  eraseNode(macd),
  eraseNode(bbands),
  eraseNode(atr),
  eraseNode(stoch),
  eraseNode(obv),
  eraseNode(roc),
  eraseNode(summaryStats),
  eraseNode(returnDistribution),
  eraseNode(autocorrelation),
  eraseNode(correlation),
  eraseNode(priceChart),
  eraseNode(featureSet),
  eraseNode(customFeature),
  eraseNode(dataset),
  eraseNode(riseWithin),
  eraseNode(fallWithin),
  eraseNode(returnUp),
  eraseNode(futureReturn),
];
