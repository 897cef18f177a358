import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { spec } from '../../packages/service/src/generated/spec.js';
import { exampleCurl, exampleInferCurl, inferExample, predictExamples } from './exampleRequest.js';

const withExamples = (examples: Record<string, unknown>) => ({
  paths: { '/api/predict': { post: { requestBody: { content: { 'application/json': { examples } } } } } },
});

describe('exampleCurl', () => {
  it("sends the spec's typed predict example", () => {
    const typed = predictExamples(spec).typed;
    expect(typed).toMatchObject({ instances: [expect.any(Object)] });
    expect(exampleCurl('http://127.0.0.1:7071', ' -H "x-functions-key: $KEY"')).toBe(
      `curl -s http://127.0.0.1:7071/api/predict -H 'content-type: application/json' -H "x-functions-key: $KEY" -d '${JSON.stringify(typed)}'`,
    );
  });

  it('quotes the body for the shell, whatever the categories hold', () => {
    const body = { instances: [{ "owner's colour": "it's red" }] };
    const command = exampleCurl(
      'http://h',
      '',
      withExamples({ rows: { value: [[1]] }, typed: { value: body } }),
    );
    const word = (command as string).split(' -d ')[1] as string;
    expect(execFileSync('sh', ['-c', `printf %s ${word}`], { encoding: 'utf8' })).toBe(JSON.stringify(body));
  });

  it('takes the first example when there is no typed one, and none when there is none', () => {
    expect(exampleCurl('http://h', '', withExamples({ rows: { value: [[1, 2]] } }))).toMatch(
      /-d '\[\[1,2\]\]'$/,
    );
    expect(exampleCurl('http://h', '', withExamples({}))).toBeUndefined();
    expect(exampleCurl('http://h', '', {})).toBeUndefined();
  });
});

describe('exampleInferCurl', () => {
  it("sends the spec's V2 example to the model's infer route, the name quoted for the URL and the shell", () => {
    const body = inferExample(spec);
    expect(body).toMatchObject({ inputs: [{ datatype: 'FP64' }] });
    const command = exampleInferCurl('http://h:1', "it's a/model", ' -H "x-functions-key: $KEY"') as string;
    expect(command).toBe(
      `curl -s 'http://h:1/v2/models/it'\\''s%20a%2Fmodel/infer' -H "x-functions-key: $KEY" -d '${JSON.stringify(body)}'`,
    );
    const [url] = execFileSync('sh', ['-c', `printf '%s\\n' ${command.split(' ')[2]}`], {
      encoding: 'utf8',
    }).split('\n');
    expect(url).toBe("http://h:1/v2/models/it's%20a%2Fmodel/infer");
    expect(exampleInferCurl('http://h', 'm', '', {})).toBeUndefined();
  });
});
