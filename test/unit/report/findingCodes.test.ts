import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CAUSE_CODES } from '../../../src/diagnosis/finding';
import { describeCause } from '../../../src/report/causeDescriptions';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('finding code documentation', () => {
  for (const code of CAUSE_CODES) {
    it(`documents ${code}`, () => {
      assert.match(README, new RegExp(`^### ${code}\\n\\n${describeCause(code).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
      assert.notEqual(describeCause(code), `Finding ${code}.`, 'the code has its own description');
    });
  }
});
