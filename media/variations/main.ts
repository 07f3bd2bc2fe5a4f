// Webview of the variations view (built by esbuild.js into dist/media/variations.js): the candidates of one prompt in
// a grid, each with a Keep toggle; "Save Kept" writes only those (src/generation/variationsView.ts), "Discard All"
// writes nothing. Keyboard: Tab between candidates, Space or Enter toggles Keep.
import * as l10n from '@vscode/l10n';
import type { VariationCandidate, VariationsFromWebview, VariationsToWebview } from '../../src/shared/protocol';
import { button, h } from '../shared/dom';
import { connectToHost } from '../shared/host';
import { loadPageStrings } from '../shared/l10n';

// The display language's strings first: everything below builds visible text.
loadPageStrings();
const host = connectToHost<VariationsFromWebview, undefined>();
const root = document.getElementById('variations-root');

if (root) {
	const kept = new Set<number>();
	const urls: string[] = [];
	const status = h('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
	const grid = h('ol', { className: 'grid', attrs: { 'aria-label': l10n.t('Candidates') } });
	const save = button(l10n.t('Save Kept'), {
		className: 'primary',
		attrs: { id: 'save-kept' },
		onClick: () => host.post({ type: 'save', keep: [...kept].sort((a, b) => a - b) }),
	});
	const discard = button(l10n.t('Discard All'), { attrs: { id: 'discard-all' }, onClick: () => host.post({ type: 'discardAll' }) });
	const promptText = h('p', { className: 'prompt' });
	root.replaceChildren(h('header', { className: 'toolbar' }, promptText, h('div', { className: 'actions' }, save, discard)), status, grid);
	let total = 0;
	let pending = 0;
	let saving = false;

	const tile = (index: number): HTMLLIElement => {
		let item = grid.querySelector<HTMLLIElement>(`li[data-index="${index}"]`);
		if (!item) {
			item = h(
				'li',
				{ className: 'tile pending', attrs: { 'data-index': String(index) } },
				h('span', { className: 'placeholder', text: l10n.t('Candidate {0}…', index + 1) }),
			);
			grid.append(item);
		}
		return item;
	};

	const refresh = () => {
		save.textContent = l10n.t('Save Kept ({0})', kept.size);
		save.disabled = kept.size === 0 || saving;
		discard.disabled = saving;
		status.textContent =
			pending > 0 ? l10n.t('{0} of {1} ready…', total - pending, total) : l10n.t('{0} of {1} kept. Only kept candidates are saved.', kept.size, total);
	};

	const showCandidate = (candidate: VariationCandidate) => {
		const url = URL.createObjectURL(new Blob([candidate.bytes as Uint8Array<ArrayBuffer>], { type: candidate.mimeType }));
		urls.push(url);
		const image = h('img', { attrs: { src: url, alt: l10n.t('Candidate {0}, {1} × {2}', candidate.index + 1, candidate.width, candidate.height) } });
		const toggle = h('button', {
			className: 'keep',
			text: l10n.t('Keep'),
			attrs: { type: 'button', 'aria-pressed': 'false', 'aria-label': l10n.t('Keep candidate {0}', candidate.index + 1) },
		});
		const item = tile(candidate.index);
		const flip = () => {
			if (kept.has(candidate.index)) {
				kept.delete(candidate.index);
			} else {
				kept.add(candidate.index);
			}
			const on = kept.has(candidate.index);
			item.classList.toggle('kept', on);
			toggle.setAttribute('aria-pressed', String(on));
			refresh();
		};
		toggle.addEventListener('click', flip);
		image.addEventListener('click', flip);
		item.className = 'tile';
		item.replaceChildren(
			image,
			h('div', { className: 'caption' }, h('span', { text: `${candidate.index + 1} · ${candidate.width} × ${candidate.height}` }), toggle),
		);
	};

	host.listen<VariationsToWebview>({
		init: (message) => {
			urls.splice(0).forEach((url) => URL.revokeObjectURL(url));
			grid.replaceChildren();
			kept.clear();
			total = message.total;
			pending = message.pending;
			promptText.textContent = message.prompt;
			for (let index = 0; index < message.total; index++) {
				tile(index);
			}
			message.candidates.forEach(showCandidate);
			for (const failure of message.failed) {
				tile(failure.index).replaceChildren(
					h('span', { className: 'failed', text: l10n.t('Candidate {0} failed: {1}', failure.index + 1, failure.message) }),
				);
			}
			saving = message.saved.length > 0;
			refresh();
		},
		candidate: (message) => {
			pending = Math.max(0, pending - 1);
			showCandidate(message.candidate);
			refresh();
		},
		failed: (message) => {
			pending = Math.max(0, pending - 1);
			const item = tile(message.index);
			item.className = 'tile failed';
			item.replaceChildren(h('span', { text: l10n.t('Candidate {0} failed: {1}', message.index + 1, message.message) }));
			refresh();
		},
		saved: (message) => {
			saving = true;
			status.textContent = l10n.t('Saved {0}.', message.paths.join(', '));
			refresh();
		},
		error: (message) => {
			status.textContent = message.message;
			status.classList.add('error');
		},
	});
}
