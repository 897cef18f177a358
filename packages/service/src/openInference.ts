// The Open Inference Protocol V2 (REST), as KServe, MLServer and Triton speak it, over the same model:
// server and model metadata, health, and inference on one FP64 [N, F] tensor in the spec's feature
// order, answered with the labels (BYTES [N]) and the class probabilities (FP64 [N, C]). The request is
// read with the same bounded JsonReader as /api/predict, so its cost is linear in its bytes too.
// Protocol: github.com/kserve/open-inference-protocol, specification/protocol/inference_rest.md.
import type { Model } from '@forestfn/model';
import { JsonReader, JsonSyntaxError, jsonCodes } from './jsonReader.js';

const { OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, QUOTE, MINUS, isDigit } = jsonCodes;

/** A refused V2 request: the protocol's `{"error": "..."}` with this status. Never quotes the input. */
export class InferenceError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'InferenceError';
  }
}

/** The input tensor's name in the model metadata (any single input is accepted, whatever its name). */
export const inputName = 'features';
/** The output tensors, in the order the model metadata lists them. */
export const outputNames = ['label', 'probabilities'] as const;
/** The request `id` is echoed back, so it is bounded like x-request-id. */
const maxIdChars = 128;

export interface OpenInferenceOptions {
  model: Model;
  /** The categories of each feature in order; undefined for a numeric one (its value is the index). */
  categories: ReadonlyArray<readonly string[] | undefined>;
  /** Most rows one request may carry (the spec's maxItems for predict). */
  maxRows: number;
  /** This server's name and version for the server metadata. */
  server: { name: string; version: string };
}

export interface OpenInference {
  serverMetadata(): unknown;
  serverLive(): unknown;
  serverReady(): unknown;
  /** Throws InferenceError 404 for another model name or version. */
  modelMetadata(name: string, version?: string): unknown;
  modelReady(name: string, version?: string): unknown;
  /** Runs an inference request body (JSON text); throws InferenceError. */
  infer(text: string, name: string, version?: string): unknown;
}

const bad = (message: string) => new InferenceError(400, message);

export function createOpenInference(options: OpenInferenceOptions): OpenInference {
  const { model, categories, maxRows } = options;
  const { card } = model;
  const features = card.features.length;
  const labels = card.labels;

  function checkModel(name: string, version: string | undefined): void {
    if (name !== card.name || (version !== undefined && version !== card.version)) {
      throw new InferenceError(
        404,
        `Unknown model; this server has ${card.name}, version ${card.version} (GET /v2/models/${card.name}).`,
      );
    }
  }

  const metadata = {
    name: card.name,
    versions: [card.version],
    platform: 'forestfn_randomforest',
    inputs: [{ name: inputName, datatype: 'FP64', shape: [-1, features] }],
    outputs: [
      { name: 'label', datatype: 'BYTES', shape: [-1] },
      { name: 'probabilities', datatype: 'FP64', shape: [-1, labels.length] },
    ],
    // The orders a client needs to build the input and read the outputs. The protocol's values are
    // strings, so each is JSON: a feature name or a label may hold a comma.
    properties: {
      features: JSON.stringify(card.features.map((feature) => feature.name)),
      labels: JSON.stringify(labels),
      categories: JSON.stringify(
        Object.fromEntries(
          categories.flatMap((list, i) => (list ? [[card.features[i]?.name ?? '', list]] : [])),
        ),
      ),
    },
  };

  /** A JSON string value of at most `keep` characters, or a 400 naming `what`. */
  function readString(reader: JsonReader, what: string, keep: number): string {
    if (reader.peek() !== QUOTE) throw bad(`${what} must be a string.`);
    const read = reader.string(keep);
    if (!read.complete) throw bad(`${what} is longer than ${keep} characters.`);
    return read.value;
  }

  /** The elements of a JSON array, each read by `item`; a 400 naming `what` when it is not one. */
  function readArray(reader: JsonReader, what: string, item: (index: number) => void): void {
    if (reader.peek() !== OPEN_ARRAY) throw bad(`${what} must be an array.`);
    reader.open(OPEN_ARRAY);
    for (let index = 0; reader.more(CLOSE_ARRAY, index === 0); index += 1) item(index);
  }

  /**
   * The members of a JSON object, each read by `member`; a 400 naming `what` when it is not one, or when
   * a name comes twice (parsers disagree on which copy wins). A name over 64 characters is none of ours
   * and reaches `member` as ''.
   */
  function readObject(reader: JsonReader, what: string, member: (key: string) => void): void {
    if (reader.peek() !== OPEN_OBJECT) throw bad(`${what} must be an object.`);
    reader.open(OPEN_OBJECT);
    const seen = new Set<string>();
    for (let first = true; reader.more(CLOSE_OBJECT, first); first = false) {
      const key = reader.key(64);
      if (!key.complete) {
        member('');
        continue;
      }
      if (seen.has(key.value)) throw bad(`${what} has a member name given twice.`);
      seen.add(key.value);
      member(key.value);
    }
  }

  function readNumber(reader: JsonReader, what: string): number {
    const code = reader.peek();
    if (code !== MINUS && !isDigit(code)) throw bad(`${what} must be a number.`);
    return reader.number();
  }

  interface Input {
    name?: string;
    shape?: number[];
    datatype?: string;
    data: number[];
  }

  function readInput(reader: JsonReader): Input {
    const input: Input = { data: [] };
    const limit = maxRows * features;
    readObject(reader, 'Each input', (key) => {
      if (key === 'name') input.name = readString(reader, 'inputs[0].name', 256);
      else if (key === 'datatype') input.datatype = readString(reader, 'inputs[0].datatype', 16);
      else if (key === 'shape') {
        const shape: number[] = [];
        readArray(reader, 'inputs[0].shape', (index) => {
          if (index >= 2) throw bad(`inputs[0].shape must be [N, ${features}].`);
          shape.push(readNumber(reader, 'Each dimension of inputs[0].shape'));
        });
        input.shape = shape;
      } else if (key === 'data') {
        // Row-major, flat or nested one level ([[...], [...]]), as the protocol allows.
        const value = () => {
          if (input.data.length === limit)
            throw bad(`inputs[0].data has more than ${limit} values (${maxRows} rows of ${features}).`);
          input.data.push(readNumber(reader, 'Each value of inputs[0].data'));
        };
        readArray(reader, 'inputs[0].data', () => {
          if (reader.peek() === OPEN_ARRAY) readArray(reader, 'A row of inputs[0].data', value);
          else value();
        });
      } else reader.skipValue();
    });
    return input;
  }

  function infer(text: string, name: string, version?: string): unknown {
    checkModel(name, version);
    let id: string | undefined;
    const inputs: Input[] = [];
    let requested: string[] | undefined;
    try {
      const reader = new JsonReader(text);
      readObject(reader, 'The request', (key) => {
        if (key === 'id') id = readString(reader, 'id', maxIdChars);
        else if (key === 'inputs')
          readArray(reader, 'inputs', (index) => {
            if (index > 0) throw bad(`This model takes one input, "${inputName}".`);
            inputs.push(readInput(reader));
          });
        else if (key === 'outputs') {
          const names: string[] = [];
          readArray(reader, 'outputs', (index) => {
            if (index >= outputNames.length)
              throw bad(`outputs lists more than ${outputNames.length} outputs.`);
            readObject(reader, 'Each output', (field) => {
              if (field === 'name') names.push(readString(reader, 'outputs[].name', 32));
              else reader.skipValue();
            });
          });
          requested = names;
        } else reader.skipValue();
      });
      reader.end();
    } catch (error) {
      if (error instanceof JsonSyntaxError)
        throw bad(error.tooDeep ? error.message : 'The body is not valid JSON.');
      throw error;
    }

    const input = inputs[0];
    if (!input) throw bad(`inputs must hold one tensor, "${inputName}".`);
    if (input.name === undefined) throw bad('inputs[0].name is required.');
    if (input.datatype !== 'FP64') throw bad('inputs[0].datatype must be "FP64".');
    const [rows, width] = input.shape ?? [];
    if (input.shape?.length !== 2 || width !== features || !Number.isInteger(rows) || (rows as number) < 1)
      throw bad(`inputs[0].shape must be [N, ${features}] with N at least 1.`);
    if ((rows as number) > maxRows) throw bad(`At most ${maxRows} rows per request.`);
    if (input.data.length !== (rows as number) * features)
      throw bad(`inputs[0].data must hold N x ${features} = ${(rows as number) * features} values.`);
    const unknown = (requested ?? []).find((output) => !(outputNames as readonly string[]).includes(output));
    if (unknown !== undefined) throw bad(`Unknown output; the outputs are ${outputNames.join(', ')}.`);
    if (new Set(requested).size !== (requested ?? []).length) throw bad('outputs names an output twice.');

    const batch: number[][] = [];
    const { data } = input;
    for (let r = 0; r < (rows as number); r += 1) {
      const row = new Array<number>(features);
      for (let f = 0; f < features; f += 1) {
        const value = data[r * features + f] as number;
        // The position is named only in an error: nothing is built per value on the way to a prediction.
        if (!Number.isFinite(value)) throw bad(`inputs[0].data[${r * features + f}] is not a finite number.`);
        const list = categories[f];
        if (list && !(Number.isInteger(value) && value >= 0 && value < list.length))
          throw bad(
            `inputs[0].data[${r * features + f}] must be a category index from 0 to ${list.length - 1}.`,
          );
        row[f] = value;
      }
      batch.push(row);
    }
    const predictions = model.predict(batch);
    const outputs = {
      label: { name: 'label', datatype: 'BYTES', shape: [rows], data: predictions.map((p) => p.label) },
      probabilities: {
        name: 'probabilities',
        datatype: 'FP64',
        shape: [rows, labels.length],
        data: predictions.flatMap((p) => labels.map((label) => p.probabilities[label] ?? 0)),
      },
    };
    return {
      model_name: card.name,
      model_version: card.version,
      ...(id === undefined ? {} : { id }),
      outputs: (requested ?? outputNames).map((output) => outputs[output as keyof typeof outputs]),
    };
  }

  return {
    serverMetadata: () => ({ ...options.server, extensions: [] }),
    serverLive: () => ({ live: true }),
    // The protocol's text gives this answer a `live` field and its servers send `ready`: both, then.
    serverReady: () => ({ ready: true, live: true }),
    modelMetadata: (name, version) => {
      checkModel(name, version);
      return metadata;
    },
    modelReady: (name, version) => {
      checkModel(name, version);
      return { name: card.name, ready: true };
    },
    infer,
  };
}
