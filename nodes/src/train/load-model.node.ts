import { z } from 'zod';
import { decodeValue } from '@coinlab/shared';
import { defineNode, NodeInputError } from '../define';
import { port } from '../port';
import { modelFileSchema } from './model-file';

/**
 * Loads a model saved by a train node in an earlier run (or another process) from its
 * artifact id. Not cached across runs: it reads the artifact store, whose artifacts can be
 * deleted, so a missing model must fail rather than be served from the cache.
 */
export default defineNode({
  type: 'train.load_model',
  version: 1,
  ui: {
    title: 'Load model',
    category: 'train',
    description: 'Loads a trained model from its artifact id (saved by a train node), to score new data with the Predict node.',
    params: { artifactId: { help: 'The id of a model artifact, e.g. from a previous run\'s artifacts.' } },
  },
  params: z.object({ artifactId: z.string().max(200).default('') }),
  inputs: {},
  outputs: { model: port.model },
  cache: 'per-run',
  async execute({ params, services }) {
    const where = 'params.artifactId';
    if (!params.artifactId) throw new NodeInputError(where, 'give the id of a saved model artifact');
    const artifact = await services.artifacts.load(params.artifactId);
    if (!artifact) throw new NodeInputError(where, `no artifact with id "${params.artifactId}"`);
    if (artifact.ref.kind !== 'model') throw new NodeInputError(where, `artifact "${params.artifactId}" is a ${artifact.ref.kind}, not a model`);
    let raw: unknown;
    try {
      raw = decodeValue(new TextDecoder().decode(artifact.content));
    } catch (err) {
      throw new NodeInputError(where, `artifact "${params.artifactId}" is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = modelFileSchema.safeParse(raw);
    if (!parsed.success) throw new NodeInputError(where, `artifact "${params.artifactId}" is not a coinlab model file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const file = parsed.data;
    return {
      model: {
        kind: 'model',
        name: file.name,
        algorithm: file.algorithm,
        task: file.task,
        features: file.features,
        target: file.target,
        direction: file.direction,
        params: file.params,
        model: file,
        artifactId: params.artifactId,
        trainRows: file.folds.reduce((n, f) => n + f.trainRows, 0),
        splits: null,
      },
    };
  },
});
