// Over 400 lines: a turn's rendering, its per-image actions and which file each image shows (thumbnail or full) change together.
// The conversation: one list item per turn (the prompt and its attachments, the reply's thoughts, text and images with
// their actions, errors, grounding, usage, Retry and Continue), kept at the bottom while new replies come in.
// Model text is rendered as sanitised Markdown (./markdown.ts), everything else with textContent. Images of turns are
// `asWebviewUri` URLs of the stored files, loaded only near the viewport (./imageResidency.ts): a collapsed image (an
// older turn's, a thought's) and an attachment chip show the image's thumbnail file; the full file loads when the image
// is expanded or its turn is the newest answered one. Actions name the image, and the host uses the full file.
import * as l10n from '@vscode/l10n';
import type { StudioFromWebview, StudioImageAction, StudioPartView, StudioTurnView, StudioUsageView } from '../../src/shared/protocol';
import type { Announcer } from '../shared/announcer';
import { h } from '../shared/dom';
import { describeCopyError, ImageCopier } from './clipboard';
import { renderGrounding } from './grounding';
import { ImageResidency } from './imageResidency';
import { renderMarkdown } from './markdown';
import { codicon, formatCount, formatUsd, iconButton } from './widgets';

/** Per-image actions: class, codicon, visible label, status while running (a function: the page's strings load first). */
function imageActions(): readonly { action: StudioImageAction; className: string; icon: string; label: string; title: string; running: string }[] {
	return [
		{
			action: 'save',
			className: 'studio-save',
			icon: 'save',
			label: l10n.t('Save'),
			title: l10n.t('Save this image into the workspace output folder'),
			running: l10n.t('Saving…'),
		},
		{
			action: 'insert',
			className: 'studio-insert',
			icon: 'insert',
			label: l10n.t('Insert'),
			title: l10n.t('Insert a link to this image at the cursor of the last active text editor (saves the image first)'),
			running: l10n.t('Inserting…'),
		},
		{
			action: 'compare',
			className: 'studio-compare',
			icon: 'diff',
			label: l10n.t('Compare'),
			title: l10n.t('Compare'),
			running: l10n.t('Opening comparison…'),
		},
		{
			action: 'useAsAttachment',
			className: 'studio-use-attachment',
			icon: 'attach',
			label: l10n.t('Use as attachment'),
			title: l10n.t('Attach this image to the next turn'),
			running: l10n.t('Attaching…'),
		},
		{
			action: 'copy',
			className: 'studio-copy',
			icon: 'copy',
			label: l10n.t('Copy'),
			title: l10n.t('Copy this image to the clipboard as PNG'),
			running: l10n.t('Copying…'),
		},
	];
}

/** Told when the shown turns changed, before the view follows them down. */
export interface TurnsListener {
	/** A turn arrived (`added`) or was replaced; `promptsBefore`: how many prompts `prompts()` had before. */
	turnShown(added: boolean, promptsBefore: number): void;
	/** A turn left the conversation. */
	turnRemoved(): void;
}

export class TurnView {
	// Not a live region itself (a replaced turn would be read whole): ./main.ts's announcer says what changed.
	readonly element = h('ol', {
		className: 'studio-turns',
		attrs: {
			'aria-label': l10n.t('Conversation'),
			// Shown by studio.css while there is no turn (CSS `content` cannot be translated; an attribute can).
			'data-empty-hint': l10n.t(
				'Describe an image below, or start from a template. To edit images, attach them: Attach, paste, or hold Shift while dragging them here from the Explorer.',
			),
		},
	});
	private readonly _residency = new ImageResidency(this.element);
	private readonly _turns = new Map<string, { item: HTMLLIElement; turn: StudioTurnView }>();
	private readonly _copier = new ImageCopier();
	private _busy = false;
	/** Keep the view at the bottom while the newest reply (and its images) come in, unless the user scrolled up. */
	private _stickToBottom = true;
	/** The action button that had the focus when it was pressed (and disabled). */
	private _refocus: HTMLButtonElement | undefined;

	/**
	 * @param _post posts to the host.
	 * @param _pageNonce the page's style nonce, for the search entry point frame (./grounding.ts).
	 * @param _listener told when a turn arrived, changed or left.
	 * @param _announcer tells screen readers that a turn started, answered or failed.
	 */
	constructor(
		private readonly _post: (message: StudioFromWebview) => void,
		private readonly _pageNonce: string | undefined,
		private readonly _listener: TurnsListener,
		private readonly _announcer: Announcer,
	) {
		const list = this.element;
		list.addEventListener('scroll', () => {
			this._stickToBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
		});
		// Images of the newest turn load after the scroll: follow them down while the user has not scrolled away.
		list.addEventListener(
			'load',
			(event) => {
				if (this._stickToBottom && event.target instanceof HTMLImageElement) {
					this._scrollToBottom();
				}
			},
			true,
		);
	}

	count(): number {
		return this._turns.size;
	}

	views(): Iterable<StudioTurnView> {
		return [...this._turns.values()].map(({ turn }) => turn);
	}

	/** The prompts of this conversation, oldest first (what ArrowUp recalls). */
	prompts(): string[] {
		const prompts: string[] = [];
		for (const { turn } of this._turns.values()) {
			if (prompts.at(-1) !== turn.prompt) {
				prompts.push(turn.prompt);
			}
		}
		return prompts;
	}

	/** Shows a whole conversation: one fragment and one layout for the whole history, however long. */
	show(turns: readonly StudioTurnView[]): void {
		this._turns.clear();
		const fragment = document.createDocumentFragment();
		for (const turn of turns) {
			const item = this._renderTurn(turn);
			this._turns.set(turn.id, { item, turn });
			fragment.append(item);
		}
		this._residency.forget(this.element.querySelectorAll('img'));
		this.element.replaceChildren(fragment);
		this._markLatest();
	}

	/** Adds a turn, or replaces the shown one with the same id. */
	turn(turn: StudioTurnView): void {
		const existing = this._turns.get(turn.id);
		const item = this._renderTurn(turn, existing?.item);
		if (existing) {
			this._residency.forget(existing.item.querySelectorAll('img'));
			existing.item.replaceWith(item);
		} else {
			this.element.append(item);
			this._stickToBottom = true;
		}
		const promptsBefore = this.prompts().length;
		this._turns.set(turn.id, { item, turn });
		this._markLatest();
		this._listener.turnShown(!existing, promptsBefore);
		if (existing?.turn.status !== turn.status) {
			this._announce(turn);
		}
		if (this._stickToBottom) {
			this._scrollToBottom();
		}
	}

	turnRemoved(turnId: string): void {
		const existing = this._turns.get(turnId);
		if (existing) {
			this._residency.forget(existing.item.querySelectorAll('img'));
			existing.item.remove();
			this._turns.delete(turnId);
			this._markLatest();
			this._listener.turnRemoved();
		}
	}

	/** Thumbnails made for a turn shown while they were pending: each image swaps in place (no new DOM). */
	thumbnails(turnId: string, images: readonly { imageId: string; thumbnailUri?: string }[]): void {
		const item = this._turns.get(turnId)?.item;
		for (const { imageId, thumbnailUri } of item ? images : []) {
			for (const chip of byImageId<HTMLImageElement>(item!, 'img.studio-chip-thumb', imageId)) {
				this._residency.show(chip, thumbnailUri ?? chip.dataset.full ?? '');
			}
			for (const figure of byImageId(item!, 'figure.studio-image', imageId)) {
				const image = figure.querySelector('img');
				if (image) {
					image.dataset.thumbnail = thumbnailUri ?? '';
					image.dataset.pending = '';
					this._showSource(image);
				}
			}
		}
	}

	/** While a turn runs, Retry and Continue wait. */
	busy(busy: boolean): void {
		this._busy = busy;
		for (const button of this.element.querySelectorAll<HTMLButtonElement>('.studio-retry, .studio-continue')) {
			button.disabled = busy;
		}
	}

	/** Follows the conversation down from now on (a turn was sent, a conversation opened). */
	stickToBottom(): void {
		this._stickToBottom = true;
	}

	scrollToBottom(): void {
		this._stickToBottom = true;
		this._scrollToBottom();
	}

	imageActionResult(imageId: string, action: StudioImageAction, ok: boolean, message: string): void {
		if (action === 'copy' && !ok) {
			this._copier.fail(imageId, message);
		}
		this._setImageStatus(imageId, message, ok);
		// Heard once, through the page's live regions: a failed Save, Insert, Copy or Compare as an alert.
		if (ok) {
			this._announcer.say(message);
		} else {
			this._announcer.alert(message);
		}
		this._enableAction(imageId, action);
	}

	imageBytes(imageId: string, mimeType: string, bytes: Uint8Array): void {
		void this._copier.bytes(imageId, mimeType, bytes);
	}

	/** What screen readers hear when a turn starts, is answered or fails (not for turns shown with a conversation). */
	private _announce(turn: StudioTurnView): void {
		const number = [...this._turns.keys()].indexOf(turn.id) + 1;
		if (turn.status === 'pending') {
			this._announcer.say(l10n.t('Turn {0}: generating…', number));
		} else if (turn.status === 'failed') {
			this._announcer.alert(l10n.t('Turn {0} failed: {1}', number, turn.error ?? ''));
		} else {
			const images = turn.parts.filter((part) => part.kind !== 'text' && !part.thought).length;
			const text = turn.parts.some((part) => part.kind === 'text' && !part.thought);
			this._announcer.say(
				images === 0
					? l10n.t('Turn {0} answered with text only.', number)
					: images === 1
						? text
							? l10n.t('Turn {0} answered with 1 image and text.', number)
							: l10n.t('Turn {0} answered with 1 image.', number)
						: text
							? l10n.t('Turn {0} answered with {1} images and text.', number, images)
							: l10n.t('Turn {0} answered with {1} images.', number, images),
			);
		}
	}

	private _renderTurn(turn: StudioTurnView, previous?: HTMLLIElement): HTMLLIElement {
		const item = h('li', { className: `studio-turn studio-turn-${turn.status}` });
		item.dataset.turnId = turn.id;

		const user = h('div', { className: 'studio-user' }, h('span', { className: 'studio-user-text', text: turn.prompt }));
		if (turn.attachments && turn.attachments.length > 0) {
			const row = h('div', { className: 'studio-user-attachments' });
			for (const attachment of turn.attachments) {
				// A thumbnail still being made: an empty chip until `thumbnails` arrives.
				const thumb = this._image(
					attachment.thumbnailUri ?? (attachment.thumbnailPending ? '' : attachment.src),
					l10n.t('Attached: {0}', attachment.name),
				);
				thumb.dataset.full = attachment.src;
				thumb.dataset.imageId = attachment.id;
				thumb.className = 'studio-chip-thumb';
				thumb.title = attachment.name;
				row.append(thumb);
			}
			user.append(row);
		}
		item.append(user);

		const reply = h('div', { className: 'studio-reply' });
		const thoughts = turn.parts.filter((part) => part.thought);
		if (thoughts.length > 0) {
			const details = h('details', { className: 'studio-thinking' }, h('summary', {}, codicon('lightbulb'), h('span', { text: l10n.t('Thinking') })));
			for (const part of thoughts) {
				details.append(this._part(turn, part));
			}
			// Open while the turn is running (the thoughts show progress); an answered turn keeps what the user chose.
			const wasOpen = !!previous && !previous.classList.contains('studio-turn-pending') && !!previous.querySelector('details.studio-thinking[open]');
			details.open = turn.status === 'pending' || wasOpen;
			reply.append(details);
		}
		for (const part of turn.parts.filter((candidate) => !candidate.thought)) {
			reply.append(this._part(turn, part));
		}
		if (turn.status === 'pending') {
			reply.append(h('p', { className: 'studio-pending' }, codicon('loading', 'codicon-modifier-spin'), h('span', { text: l10n.t('Generating…') })));
		}
		if (turn.error) {
			reply.append(
				h(
					'div',
					// Not role="alert": a reopened conversation would read every old error; the announcer alerts new ones.
					{ className: 'studio-error' },
					codicon('error'),
					h('span', { className: 'studio-error-text', text: turn.error }),
				),
			);
		}
		if (turn.grounding) {
			const grounding = renderGrounding(turn.grounding, this._pageNonce);
			if (grounding) {
				reply.append(grounding);
			}
		}
		if (turn.notice) {
			reply.append(h('p', { className: 'studio-turn-notice' }, codicon('info'), h('span', { text: turn.notice })));
		}
		item.append(reply);

		const footer = this._footer(turn);
		if (footer.childElementCount > 0) {
			item.append(footer);
		}
		return item;
	}

	/** Usage, and what can follow the turn: Retry, or Continue from here. */
	private _footer(turn: StudioTurnView): HTMLElement {
		const footer = h('div', { className: 'studio-turn-footer' });
		if (turn.usage) {
			footer.append(usage(turn.usage, turn.model));
		}
		if (turn.status === 'failed' && turn.retryable) {
			const retry = iconButton('studio-retry', 'refresh', l10n.t('Send this turn again (same prompt, attachments and options)'), l10n.t('Retry'));
			retry.disabled = this._busy;
			retry.addEventListener('click', () => {
				retry.disabled = true;
				this._post({ type: 'retry', turnId: turn.id });
			});
			footer.append(retry);
		}
		if (turn.status === 'failed' && turn.continueFrom) {
			// Gemini refused this conversation's history: sending it again would fail again, so no Retry; a new
			// conversation from the last answered turn before this one instead.
			const earlier = [...this._turns.keys()].indexOf(turn.continueFrom) + 1;
			const fork = iconButton(
				'studio-continue studio-continue-earlier',
				'debug-step-over',
				earlier > 0
					? l10n.t('Start a new conversation with the history up to turn {0}, the last answered one before this', earlier)
					: l10n.t('Start a new conversation with the history up to the last answered turn, the last answered one before this'),
				l10n.t('Continue from here'),
			);
			fork.disabled = this._busy;
			const from = turn.continueFrom;
			fork.addEventListener('click', () => this._post({ type: 'continueFrom', turnId: from }));
			footer.append(fork);
		}
		if (turn.status === 'done') {
			const fork = iconButton(
				'studio-continue',
				'debug-step-over',
				l10n.t('Start a new conversation with the history up to and including this turn'),
				l10n.t('Continue from here'),
			);
			fork.disabled = this._busy;
			fork.addEventListener('click', () => this._post({ type: 'continueFrom', turnId: turn.id }));
			footer.append(fork);
		}
		return footer;
	}

	private _image(src: string, alt: string): HTMLImageElement {
		const image = h('img');
		image.decoding = 'async';
		image.alt = alt;
		// Loaded while near the viewport only (see imageResidency.ts).
		this._residency.watch(image, src);
		return image;
	}

	private _part(turn: StudioTurnView, part: StudioPartView): HTMLElement {
		if (part.kind === 'text') {
			return h('div', { className: part.thought ? 'studio-thought-text studio-markdown' : 'studio-text studio-markdown' }, renderMarkdown(part.text));
		}
		const figure = h('figure', { className: part.thought ? 'studio-image studio-thought-image' : 'studio-image' });
		figure.dataset.imageId = part.imageId;
		// Which file shows (thumbnail, full, or none while the thumbnail is made) is set by _showSource once placed.
		const image = this._image('', part.thought ? l10n.t("Draft image from the model's thinking") : l10n.t('Image for: {0}', turn.prompt.slice(0, 200)));
		image.dataset.full = part.src;
		image.dataset.thumbnail = part.thumbnailUri ?? '';
		image.dataset.pending = part.thumbnailPending ? 'true' : '';
		image.tabIndex = 0;
		image.title = l10n.t('Click or press Enter to enlarge or shrink');
		image.setAttribute('role', 'button');
		image.setAttribute('aria-expanded', 'false');
		const toggle = () => {
			const expanded = figure.classList.toggle('studio-image-expanded');
			image.setAttribute('aria-expanded', String(expanded));
			this._showSource(image);
		};
		image.addEventListener('click', toggle);
		image.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' || event.key === ' ' || (event.key === 'Escape' && figure.classList.contains('studio-image-expanded'))) {
				event.preventDefault();
				toggle();
			}
		});
		image.addEventListener('error', () => {
			figure.classList.add('studio-image-missing');
			image.alt = l10n.t('The image file could not be loaded');
		});
		figure.append(image);
		if (part.thought) {
			return figure;
		}
		const caption = h('figcaption', { className: 'studio-image-actions' });
		// Not a live region: imageActionResult announces the result (an alert when it failed).
		const status = h('span', { className: 'studio-save-status' });
		status.dataset.imageId = part.imageId;
		for (const spec of imageActions()) {
			if (spec.action === 'compare' && !part.compareWith) {
				continue;
			}
			const title = spec.action === 'compare' ? l10n.t('Compare with {0}', part.compareWith ?? '') : spec.title;
			const button = iconButton(spec.className, spec.icon, title, spec.label);
			button.setAttribute('aria-label', spec.action === 'compare' ? title : spec.label);
			button.dataset.imageId = part.imageId;
			button.dataset.action = spec.action;
			button.addEventListener('click', () => this._runImageAction(turn.id, part.imageId, spec.action, spec.running, button));
			caption.append(button);
		}
		caption.append(status);
		figure.append(caption);
		return figure;
	}

	private _runImageAction(turnId: string, imageId: string, action: StudioImageAction, running: string, button: HTMLButtonElement): void {
		// Disabling the focused button drops the keyboard focus to the page: it comes back when the action is done.
		this._refocus = document.activeElement === button ? button : undefined;
		button.disabled = true;
		this._setImageStatus(imageId, running, true);
		if (action === 'copy') {
			// Settles once `imageBytes` arrived and the PNG is on the clipboard (or failed).
			this._copier.copy(imageId).then(
				() => {
					this._setImageStatus(imageId, l10n.t('Copied'), true);
					this._enableAction(imageId, 'copy');
				},
				(error: unknown) => {
					this._setImageStatus(imageId, l10n.t('Copy failed: {0}', describeCopyError(error)), false);
					this._enableAction(imageId, 'copy');
				},
			);
		}
		this._post({ type: 'imageAction', action, turnId, imageId });
	}

	private _setImageStatus(imageId: string, message: string, ok: boolean): void {
		for (const status of byImageId(this.element, '.studio-save-status', imageId)) {
			status.textContent = message;
			status.classList.toggle('studio-error', !ok);
		}
	}

	private _enableAction(imageId: string, action: StudioImageAction): void {
		for (const button of byImageId<HTMLButtonElement>(this.element, 'button[data-action]', imageId)) {
			if (button.dataset.action === action) {
				button.disabled = false;
				if (button === this._refocus && (!document.activeElement || document.activeElement === document.body)) {
					button.focus();
				}
			}
		}
	}

	/** The newest answered turn shows its images full size; older ones show thumbnails that expand on click. */
	private _markLatest(): void {
		let latest: HTMLLIElement | undefined;
		for (const { item, turn } of this._turns.values()) {
			item.classList.remove('studio-turn-latest');
			if (turn.status === 'done') {
				latest = item;
			}
		}
		latest?.classList.add('studio-turn-latest');
		for (const image of this.element.querySelectorAll<HTMLImageElement>('.studio-image img[data-full]')) {
			this._showSource(image);
		}
	}

	/**
	 * Thumbnail or full file: a collapsed image (a thought's, or of a turn that is not the newest answered one) shows
	 * its thumbnail (none while it is being made; the full file when there is none); expanded, or of the newest turn,
	 * the full file.
	 */
	private _showSource(image: HTMLImageElement): void {
		const { full, thumbnail, pending } = image.dataset;
		const figure = image.closest('.studio-image');
		if (!full || !figure) {
			return;
		}
		const collapsed =
			!figure.classList.contains('studio-image-expanded') &&
			(figure.classList.contains('studio-thought-image') || !image.closest('.studio-turn')?.classList.contains('studio-turn-latest'));
		const source = !collapsed ? full : thumbnail || (pending ? '' : full);
		image.classList.toggle('studio-image-thumbnail', collapsed && !!thumbnail);
		image.classList.toggle('studio-image-pending', collapsed && !thumbnail && !!pending);
		this._residency.show(image, source);
	}

	private _scrollToBottom(): void {
		this.element.scrollTop = this.element.scrollHeight;
	}
}

function usage(usage: StudioUsageView, model: string): HTMLElement {
	const input = formatCount(usage.inputTokens);
	const output = formatCount(usage.outputTokens);
	const tokens =
		usage.thoughtTokens > 0
			? l10n.t('{0} input · {1} output · {2} thinking tokens', input, output, formatCount(usage.thoughtTokens))
			: l10n.t('{0} input · {1} output tokens', input, output);
	const node = h(
		'span',
		{ className: 'studio-usage' },
		codicon('pulse'),
		h('span', { text: usage.costUsd !== undefined ? `${tokens} · ${formatUsd(usage.costUsd)}` : tokens }),
	);
	const details = [l10n.t('{0} input tokens (prompt, attachments and the replayed history)', input), l10n.t('{0} output tokens', output)];
	if (usage.thoughtTokens > 0) {
		details.push(l10n.t('{0} thinking tokens', formatCount(usage.thoughtTokens)));
	}
	details.push(usage.imageCount === 1 ? l10n.t('1 image from {0}', model) : l10n.t('{0} images from {1}', usage.imageCount, model));
	if (usage.costUsd !== undefined) {
		details.push(l10n.t('the price is an estimate from the model catalog'));
	}
	node.title = details.join('\n');
	return node;
}

/** Elements under `root` matching `selector` whose `data-image-id` is `imageId` (no CSS escaping of ids needed). */
function byImageId<T extends HTMLElement>(root: ParentNode, selector: string, imageId: string): T[] {
	return [...root.querySelectorAll<T>(selector)].filter((node) => node.dataset.imageId === imageId);
}
