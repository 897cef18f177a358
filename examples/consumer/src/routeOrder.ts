// A nursery routes each incoming plant to the greenhouse of its species, as classified by the forestfn API
// from the measurements taken at intake. Low-confidence calls go to a person instead.
import {
  BadRequestError,
  type ForestfnClient,
  ForestfnError,
  type Instance,
  type Label,
} from '@forestfn/client';

export interface IntakeOrder {
  /** The intake ticket; sent as the request id so the API's logs can be matched to it. */
  ticket: string;
  measurements: Instance;
}

export interface Routing {
  ticket: string;
  species: Label;
  greenhouse: string;
  /** Share of the model's trees that voted for `species`. */
  confidence: number;
  /** True when the model was not sure enough: a person checks the plant before it moves. */
  manualReview: boolean;
}

const greenhouses: Record<Label, string> = {
  setosa: 'north',
  versicolor: 'east',
  virginica: 'south',
};

/** Below this share of votes, a plant is checked by hand. */
export const minConfidence = 0.8;

/** The measurements were refused: the intake form must be corrected, retrying will not help. */
export class InvalidMeasurementsError extends Error {
  override name = 'InvalidMeasurementsError';
  constructor(
    readonly ticket: string,
    /** The measurements at fault, e.g. `petal_width`. */
    readonly fields: string[],
    options: { cause: unknown },
  ) {
    super(`Ticket ${ticket}: fix ${fields.join(', ')} and submit again.`, options);
  }
}

/** The classifier could not answer (after the client's own retries): park the plant and try later. */
export class ClassifierUnavailableError extends Error {
  override name = 'ClassifierUnavailableError';
}

/** Classifies one plant and picks its greenhouse. */
export async function routeOrder(client: ForestfnClient, order: IntakeOrder): Promise<Routing> {
  let species: Label;
  let confidence: number;
  try {
    const { predictions } = await client.predict([order.measurements], { requestId: order.ticket });
    const [prediction] = predictions;
    if (!prediction)
      throw new ClassifierUnavailableError(`Ticket ${order.ticket}: the classifier answered no prediction.`);
    species = prediction.label;
    confidence = prediction.probabilities[species];
  } catch (error) {
    if (error instanceof BadRequestError) {
      // "/instances/0/petal_width" -> "petal_width": the form field to correct.
      const fields = error.errors.map(
        (field) => field.pointer.split('/').slice(3).join('.') || 'measurements',
      );
      throw new InvalidMeasurementsError(order.ticket, [...new Set(fields)], { cause: error });
    }
    if (error instanceof ForestfnError) {
      throw new ClassifierUnavailableError(`Ticket ${order.ticket}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return {
    ticket: order.ticket,
    species,
    greenhouse: greenhouses[species],
    confidence,
    manualReview: confidence < minConfidence,
  };
}
