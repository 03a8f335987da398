/**
 * A learned question → clause classifier: multinomial logistic regression (softmax) over sparse
 * features, trained at start-up on the paraphrase bank and the clauses' own sentences. It gives
 * the retriever a signal beyond word overlap with one clause: which clause questions *like this*
 * were written for (a question about 谁牵头 leans to the clause on leadership even when the words
 * it shares with that clause are few).
 *
 * Plain SGD with L2 and a seeded shuffle, so training is deterministic; a few hundred examples
 * over a few thousand features train in tens of milliseconds. (nlp.js, used by src/nlu, was the
 * alternative: its Chinese tokenizer differs from the retriever's jieba words, synonyms and typo
 * repair, and training it on 30 classes takes seconds.)
 */
import { prng } from '../shared/random.js';

/** Sparse feature vector: feature name → value. */
export type FeatureVector = Map<string, number>;

export interface TrainingExample {
  /** Class index, 0..classes-1. */
  label: number;
  features: FeatureVector;
  /** Weight of the example in the loss (default 1). */
  weight?: number;
}

export interface ClassifierOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

const DEFAULTS: Required<ClassifierOptions> = { epochs: 30, learningRate: 0.5, l2: 1e-4, seed: 7 };

/** Unit-length copy of a feature vector (long and short questions weigh the same). */
function normalized(v: FeatureVector): FeatureVector {
  let s = 0;
  for (const x of v.values()) s += x * x;
  const n = Math.sqrt(s);
  if (n === 0) return v;
  const out: FeatureVector = new Map();
  for (const [f, x] of v) out.set(f, x / n);
  return out;
}

export class SoftmaxClassifier {
  /** Feature name → row of the weight matrix. */
  private readonly index = new Map<string, number>();
  /** Weights, row-major: feature row × class. */
  private weights = new Float64Array(0);
  private readonly bias: Float64Array;

  private constructor(readonly classes: number) {
    this.bias = new Float64Array(classes);
  }

  /** Trains a classifier over `classes` classes. */
  static train(classes: number, examples: TrainingExample[], options: ClassifierOptions = {}): SoftmaxClassifier {
    const o = { ...DEFAULTS, ...options };
    const model = new SoftmaxClassifier(classes);
    const data = examples.map((e) => {
      const rows: number[] = [];
      const values: number[] = [];
      for (const [f, x] of normalized(e.features)) {
        let row = model.index.get(f);
        if (row === undefined) model.index.set(f, (row = model.index.size));
        rows.push(row * classes);
        values.push(x);
      }
      return { label: e.label, weight: e.weight ?? 1, rows, values };
    });
    const w = (model.weights = new Float64Array(model.index.size * classes));
    const random = prng(o.seed);
    const order = data.map((_, i) => i);
    const p = new Float64Array(classes);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const lr = o.learningRate / (1 + epoch * 0.1);
      const decay = 1 - lr * o.l2;
      for (const idx of order) {
        const e = data[idx]!;
        p.set(model.bias);
        for (let k = 0; k < e.rows.length; k++) {
          const r = e.rows[k]!;
          const x = e.values[k]!;
          for (let c = 0; c < classes; c++) p[c] = p[c]! + w[r + c]! * x;
        }
        softmaxInPlace(p);
        p[e.label] = p[e.label]! - 1;
        for (let c = 0; c < classes; c++) model.bias[c] = model.bias[c]! - lr * 0.1 * p[c]! * e.weight;
        for (let k = 0; k < e.rows.length; k++) {
          const r = e.rows[k]!;
          const step = lr * e.values[k]! * e.weight;
          for (let c = 0; c < classes; c++) w[r + c] = w[r + c]! * decay - step * p[c]!;
        }
      }
    }
    return model;
  }

  /** Share of the vector's weight (squared) on features seen in training, 0..1. */
  knownShare(features: FeatureVector): number {
    let all = 0;
    let known = 0;
    for (const [f, x] of features) {
      all += x * x;
      if (this.index.has(f)) known += x * x;
    }
    return all === 0 ? 0 : known / all;
  }

  /** Class probabilities for a feature vector (unknown features are ignored). */
  predict(features: FeatureVector): Float64Array {
    const out = new Float64Array(this.bias);
    for (const [f, x] of normalized(features)) {
      const row = this.index.get(f);
      if (row === undefined) continue;
      const r = row * this.classes;
      for (let c = 0; c < this.classes; c++) out[c] = out[c]! + this.weights[r + c]! * x;
    }
    softmaxInPlace(out);
    return out;
  }
}

function softmaxInPlace(v: Float64Array): void {
  let max = -Infinity;
  for (const x of v) if (x > max) max = x;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max);
    sum += v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / sum;
}
