// A page that calls a forestfn prediction API with @forestfn/client. By default @forestfn/mock answers
// in a service worker (see mock.ts), so the page runs with no server; `?mock=off` calls a real API at
// the same address instead (`pnpm start`, with FORESTFN_CORS_ORIGINS set to this page's origin).
import {
  ApiError,
  BadRequestError,
  createClient,
  type ForestfnClient,
  type Instance,
  type ModelCard,
  type PredictResponse,
} from '@forestfn/client';
import type { ForestfnMock } from '@forestfn/mock';
import { startMock } from './mock.js';

/** Where the API is: the local host's address (`pnpm start`), which the mock answers on. */
const apiBaseUrl = new URLSearchParams(location.search).get('api') ?? 'http://localhost:7071';
const useMock = new URLSearchParams(location.search).get('mock') !== 'off';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = byId<HTMLParagraphElement>('status');
const featuresBox = byId<HTMLDivElement>('features');
const form = byId<HTMLFormElement>('predict-form');
const predictButton = byId<HTMLButtonElement>('predict');
const result = byId<HTMLOutputElement>('result');
const log = byId<HTMLOListElement>('log');
const mockState = byId<HTMLParagraphElement>('mock-state');
const numberIn = (id: string) => Number(byId<HTMLInputElement>(id).value);

let mock: ForestfnMock | undefined;
let card: ModelCard | undefined;
let calls = 0;

function setStatus(text: string, state: 'ready' | 'error' | 'busy') {
  status.textContent = text;
  status.dataset.state = state;
}

/** Small DOM helper: an element with a class and text or children. */
function el(tag: string, className: string, ...content: Array<string | Node>): HTMLElement {
  const element = document.createElement(tag);
  if (className) element.className = className;
  element.append(...content);
  return element;
}

/** A client with the current settings (cheap to make; one per call keeps the settings live). */
function client(): ForestfnClient {
  return createClient({
    baseUrl: apiBaseUrl,
    maxRetries: numberIn('max-retries'),
    timeoutMs: numberIn('timeout'),
  });
}

/** One input per feature of the model card: a number (prefilled mid-range) or a category. */
function renderFeatures(model: ModelCard) {
  featuresBox.replaceChildren();
  for (const feature of model.features) {
    let input: HTMLInputElement | HTMLSelectElement;
    let hint = '';
    if (feature.categories) {
      input = document.createElement('select');
      for (const category of feature.categories) input.append(new Option(category));
    } else {
      input = document.createElement('input');
      input.type = 'number';
      input.step = 'any';
      input.value = String(Math.round(((feature.min + feature.max) / 2) * 10) / 10);
      hint = `seen in training: ${feature.min} to ${feature.max}`;
    }
    input.name = feature.name;
    input.id = `feature-${feature.name}`;
    featuresBox.append(el('label', '', el('span', '', feature.name), input, el('span', 'hint', hint)));
  }
}

/** The form as an instance; an empty number field is sent as null, for the API to refuse (400). */
function instanceFromForm(): Instance {
  const instance: Record<string, unknown> = {};
  for (const feature of card?.features ?? []) {
    const value = (form.elements.namedItem(feature.name) as HTMLInputElement).value;
    instance[feature.name] = feature.categories ? value : value.trim() === '' ? null : Number(value);
  }
  return instance as Instance;
}

function showPrediction(answer: PredictResponse, requestId: string) {
  const [prediction] = answer.predictions;
  if (!prediction) return;
  const bars = el('div', 'bars');
  for (const [label, share] of Object.entries(prediction.probabilities)) {
    const bar = el('div', 'bar');
    bar.style.width = `${Math.round(share * 100)}%`;
    bars.append(el('span', '', label), el('div', '', bar), el('span', '', `${Math.round(share * 100)}%`));
  }
  result.replaceChildren(
    el('div', 'label', prediction.label),
    bars,
    el('div', 'meta', `model ${answer.model.name} ${answer.model.version} · request ${requestId}`),
  );
  result.dataset.outcome = 'ok';
  result.dataset.label = prediction.label;
}

function showError(error: unknown) {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const lines: Array<string | Node> = [el('span', 'name', name), `: ${message}`];
  if (error instanceof ApiError)
    lines.push(el('div', 'meta', `status ${error.status} · request ${error.requestId}`));
  if (error instanceof BadRequestError) {
    const list = el('ul', '');
    for (const field of error.errors)
      list.append(el('li', '', `${field.pointer || '(body)'}: ${field.code}: ${field.detail}`));
    lines.push(list);
  }
  result.replaceChildren(el('div', 'error', ...lines));
  result.dataset.outcome = 'error';
  result.dataset.error = name;
}

async function predict() {
  calls += 1;
  const requestId = `browser-example-${Date.now().toString(36)}-${calls}`;
  const before = mock?.requestCount('predict') ?? 0;
  const started = performance.now();
  predictButton.disabled = true;
  result.dataset.outcome = 'pending';
  let outcome: string;
  let ok = false;
  try {
    const answer = await client().predict([instanceFromForm()], { requestId });
    showPrediction(answer, requestId);
    outcome = answer.predictions[0]?.label ?? '';
    ok = true;
  } catch (error) {
    showError(error);
    outcome = error instanceof ApiError ? `${error.name} ${error.status}` : (error as Error).name;
  } finally {
    predictButton.disabled = false;
  }
  const attempts = mock ? `${mock.requestCount('predict') - before} attempt(s)` : 'attempts not counted';
  const ms = Math.round(performance.now() - started);
  log.prepend(el('li', ok ? 'ok' : 'failed', `predict → ${outcome} · ${attempts} · ${ms} ms · ${requestId}`));
  result.dataset.attempts = mock ? String(mock.requestCount('predict') - before) : '';
}

function wireFailureControls(active: ForestfnMock) {
  const say = (text: string) => {
    mockState.textContent = text;
  };
  byId('fail-next').addEventListener('click', () => {
    const count = numberIn('fail-count');
    const statusCode = numberIn('fail-status');
    const retryAfterSeconds = numberIn('retry-after');
    active.failNext(count, { status: statusCode, retryAfterSeconds, operation: 'predict' });
    say(`The next ${count} predict request(s) fail with ${statusCode} (Retry-After ${retryAfterSeconds} s).`);
  });
  byId('network-error').addEventListener('click', () => {
    const count = numberIn('network-count');
    active.failNextWithNetworkError(count, { operation: 'predict' });
    say(`The next ${count} predict request(s) fail at the network level.`);
  });
  byId('set-latency').addEventListener('click', () => {
    active.setLatency(numberIn('latency'));
    say(`Every answer now waits ${numberIn('latency')} ms.`);
  });
  byId('reset').addEventListener('click', () => {
    active.reset();
    byId<HTMLInputElement>('latency').value = '0';
    say('No failure queued, no latency.');
  });
}

async function start() {
  setStatus(useMock ? 'Starting the mock…' : `Calling ${apiBaseUrl}…`, 'busy');
  try {
    if (useMock) mock = await startMock(apiBaseUrl);
    card = await client().getModel();
    renderFeatures(card);
    predictButton.disabled = false;
    if (mock) wireFailureControls(mock);
    else for (const button of byId('failures').querySelectorAll('button')) button.disabled = true;
    setStatus(
      mock
        ? `Mocked: @forestfn/mock answers ${apiBaseUrl} in a service worker (model ${card.name} ${card.version}).`
        : `Live: ${apiBaseUrl} (model ${card.name} ${card.version}).`,
      'ready',
    );
  } catch (error) {
    setStatus(`Could not start: ${(error as Error).name}: ${(error as Error).message}`, 'error');
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void predict();
});

void start();
