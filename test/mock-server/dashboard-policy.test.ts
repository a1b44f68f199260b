/** The dashboard's live checklist: the server's own pipeline, so it cannot disagree with what Save gets back. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { liveRules } from '../../mock-server/dashboard/policy.js';

describe('dashboard checklist', () => {
  const ada = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

  test('normalises as the server does: fullwidth ａＢ３！ counts as aB3!', () => {
    const live = liveRules({ level: 'good' }, '\uFF41\uFF22\uFF13\uFF01wxyz', ada);
    assert.equal(live.verified, true);
    assert.deepEqual(live.rules.map((rule) => rule.text), ['At least 8 characters in length', 'Contain at least 3 of the following 4 types of characters:']);
  });

  test("the personal information is the email's local part and the words of the name", () => {
    const policy = { level: 'none', noPersonalInfo: true } as const;
    assert.equal(liveRules(policy, 'LOVELACE-99', ada).verified, false);
    assert.equal(liveRules(policy, 'example-99', ada).verified, true);
    assert.deepEqual(liveRules(policy, 'LOVELACE-99', ada).rules.at(-1), { text: 'Does not contain your personal information', verified: false, items: [] });
  });
});
