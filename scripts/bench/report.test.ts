import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatMs,
  formatRatio,
  type MachineFacts,
  renderReport,
  renderTable,
  type SectionReport,
} from './report.js';

describe('formatting', () => {
  it('picks a readable unit for durations', () => {
    expect(formatMs(2500)).toBe('2.50 s');
    expect(formatMs(250)).toBe('250 ms');
    expect(formatMs(25.25)).toBe('25.3 ms');
    expect(formatMs(2.5)).toBe('2.50 ms');
    expect(formatMs(0.8807)).toBe('881 µs');
    expect(formatMs(0.0123)).toBe('12.3 µs');
    expect(formatMs(0.0012)).toBe('1.20 µs');
    expect(formatMs(Number.NaN)).toBe('n/a');
  });

  it('formats ratios and counts', () => {
    expect(formatRatio(0.3571)).toBe('0.36x');
    expect(formatRatio(12.34)).toBe('12.3x');
    expect(formatRatio(1234.5)).toBe('1235x');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('n/a');
    expect(formatCount(12345.6)).toBe('12,346');
  });
});

describe('renderTable', () => {
  it('writes a caption, a header, a separator and escaped cells', () => {
    expect(renderTable({ caption: 'Cap', columns: ['a', 'b'], rows: [['1', 'x|y']] })).toBe(
      'Cap\n\n| a | b |\n|---|---|\n| 1 | x\\|y |',
    );
  });
});

describe('renderReport', () => {
  const machine: MachineFacts = {
    cpu: 'CPU',
    cores: 2,
    node: 'v20.20.2',
    platform: 'linux x64',
    loadAverageStart: [0.5, 0.25, 0],
    loadAverageEnd: [1, 1, 1],
    date: '2025-01-01T00:00:00.000Z',
    sklearn: 'scikit-learn 1.2.1',
  };
  const section: SectionReport = {
    id: 'predict',
    title: 'Predict',
    tables: [{ columns: ['x'], rows: [['1']] }],
    notes: ['a note'],
    targets: [
      { target: 'fast', measured: '2x', pass: true },
      { target: 'faster', measured: '0.5x', pass: false },
      { target: 'other', measured: 'n/a', pass: undefined },
    ],
    data: {},
  };

  it('renders sections, then the targets with their verdicts, then the machine line', () => {
    const text = renderReport([section], machine);
    expect(text).toContain('### Predict\n\n| x |\n|---|\n| 1 |\n\n- a note');
    expect(text).toContain('| fast | 2x | pass |');
    expect(text).toContain('| faster | 0.5x | MISS |');
    expect(text).toContain('| other | n/a | not measured |');
    expect(text.indexOf('### Targets')).toBeGreaterThan(text.indexOf('### Predict'));
    expect(text.trimEnd().split('\n').at(-1)).toMatch(
      /^Measured 2025-01-01T00:00:00.000Z on 2 cores \(CPU\).*load average 0.50 0.25 0.00 at the start, 1.00 1.00 1.00 at the end\.$/,
    );
  });

  it('leaves the targets table out when no section has targets', () => {
    expect(renderReport([{ ...section, targets: [] }], machine)).not.toContain('### Targets');
  });
});
