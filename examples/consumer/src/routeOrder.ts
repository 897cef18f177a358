// An intake desk routes each incoming item to the destination of its class, as classified by the forestfn
// API from the measurements taken at intake. Low-confidence calls go to a person instead. The destinations
// are the caller's, one per class of the API (`Record<Label, string>`: the compiler insists on every
// class), so this code holds whatever table the API was trained on.
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
  /** The class the model predicted. */
  label: Label;
  destination: string;
  /** Share of the model's trees that voted for `label`. */
  confidence: number;
  /** True when the model was not sure enough: a person checks the item before it moves. */
  manualReview: boolean;
}

/** Where items of each class go. */
export type Destinations = Record<Label, string>;

/** Below this share of votes, an item is checked by hand. */
export const minConfidence = 0.8;

/** The measurements were refused: the intake form must be corrected, retrying will not help. */
export class InvalidMeasurementsError extends Error {
  override name = 'InvalidMeasurementsError';
  constructor(
    readonly ticket: string,
    /** The measurements at fault, by feature name. */
    readonly fields: string[],
    options: { cause: unknown },
  ) {
    super(`Ticket ${ticket}: fix ${fields.join(', ')} and submit again.`, options);
  }
}

/** The classifier could not answer (after the client's own retries): park the item and try later. */
export class ClassifierUnavailableError extends Error {
  override name = 'ClassifierUnavailableError';
}

/** Classifies one item and picks its destination. */
export async function routeOrder(
  client: ForestfnClient,
  order: IntakeOrder,
  destinations: Destinations,
): Promise<Routing> {
  let label: Label;
  let confidence: number;
  try {
    const { predictions } = await client.predict([order.measurements], { requestId: order.ticket });
    const [prediction] = predictions;
    if (!prediction)
      throw new ClassifierUnavailableError(`Ticket ${order.ticket}: the classifier answered no prediction.`);
    label = prediction.label;
    confidence = prediction.probabilities[label];
  } catch (error) {
    if (error instanceof BadRequestError) {
      // "/instances/0/weight" -> "weight": the form field to correct.
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
    label,
    destination: destinations[label],
    confidence,
    manualReview: confidence < minConfidence,
  };
}
