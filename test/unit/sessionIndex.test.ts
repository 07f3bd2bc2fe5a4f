// The studio's sessions-index.json: entries from sessions, kept sorted and unique, and a damaged index refused (so the
// store rebuilds it) rather than trusted.
import * as assert from 'assert';
import { createSession } from '../../src/studio/session';
import { indexEntry, parseSessionIndex, serializeSessionIndex, withDamaged, withEntry, withoutIds } from '../../src/studio/sessionIndex';

const isId = (id: string) => /^[A-Za-z0-9-]{1,64}$/.test(id);

describe('studio session index', () => {
	const a = { ...createSession('a', 'gemini-3-pro-image', new Date('2026-01-01T00:00:00Z')), title: 'Cats' };
	const b = createSession('b', 'gemini-3.1-flash-image', new Date('2026-02-01T00:00:00Z'));

	it('holds one entry per session, newest first, and round-trips through its file', () => {
		let index = withEntry(withEntry({ sessions: [], damaged: [] }, indexEntry(a)), indexEntry(b));
		index = withEntry(index, { ...indexEntry(a), title: 'Cats, renamed' });
		index = withDamaged(index, { id: 'c', reason: 'not valid JSON' });
		assert.deepStrictEqual(
			index.sessions.map((entry) => [entry.id, entry.title, entry.turnCount, entry.model]),
			[
				['b', 'New conversation', 0, 'gemini-3.1-flash-image'],
				['a', 'Cats, renamed', 0, 'gemini-3-pro-image'],
			],
		);
		assert.deepStrictEqual(parseSessionIndex(serializeSessionIndex(index), isId), index);
		// A damaged session that is saved again becomes a readable entry, and a deleted one leaves.
		const fixed = withEntry(index, { ...indexEntry(b), id: 'c' });
		assert.deepStrictEqual(fixed.damaged, []);
		assert.deepStrictEqual(
			withoutIds(fixed, new Set(['a', 'c'])).sessions.map((entry) => entry.id),
			['b'],
		);
	});

	it('refuses a damaged index instead of trusting it', () => {
		const good = JSON.parse(serializeSessionIndex({ sessions: [indexEntry(a)], damaged: [] })) as Record<string, unknown>;
		for (const bad of [
			'',
			'{',
			'null',
			JSON.stringify({ ...good, version: 2 }),
			JSON.stringify({ ...good, sessions: [{ ...indexEntry(a), id: '../../x' }] }),
			JSON.stringify({ ...good, sessions: [{ ...indexEntry(a), turnCount: -1 }] }),
			JSON.stringify({ ...good, sessions: [indexEntry(a), indexEntry(a)] }),
			JSON.stringify({ ...good, damaged: [{ id: 'a', reason: 'x' }] }),
			JSON.stringify({ version: 1, sessions: [] }),
		]) {
			assert.strictEqual(parseSessionIndex(bad, isId), undefined, bad);
		}
	});
});
