// The webview's side of the host connection, the same for every view: the typed VS Code API (posting and the
// persisted state), and one message loop that checks what arrives and hands each message to its handler by `type`.
import type { WebviewApi } from 'vscode-webview';
import { isRecord } from '../../src/shared/protocol';

/** A message of either direction: a discriminated union on `type`. */
export interface Message {
	readonly type: string;
}

/** One handler per message type the host may send: the compiler asks for every one of them. */
export type MessageHandlers<In extends Message> = { readonly [K in In['type']]: (message: Extract<In, { readonly type: K }>) => void };

export interface HostConnection<Out extends Message, State> {
	/** Posts a message to the extension host. */
	post(message: Out): void;
	/** Persists what VS Code hands back to the host's serializer after a window reload. */
	setState(state: State): void;
	/**
	 * Starts the message loop, then posts `ready` (the handshake of src/shared/protocol.ts: the host queues until
	 * then, and answers every later `ready` again). Call once, after the view is built.
	 */
	listen<In extends Message>(handlers: MessageHandlers<In>): void;
}

/**
 * The page's connection to its host. Call once per page: `acquireVsCodeApi` may only be called once, and the API stays
 * in module scope inside the bundle's IIFE, never on `window`, so nothing else in the page can post as us.
 */
export function connectToHost<Out extends Message, State>(): HostConnection<Out, State> {
	const api: WebviewApi<State> = acquireVsCodeApi<State>();
	return {
		post: (message) => api.postMessage(message),
		setState: (state) => {
			api.setState(state);
		},
		listen: (handlers) => {
			window.addEventListener('message', (event: MessageEvent<unknown>) => dispatch(handlers, event.data));
			api.postMessage({ type: 'ready' });
		},
	};
}

/** Hands `message` to its handler. Only the host posts here; still, anything that is not one of our messages is ignored. */
function dispatch<In extends Message>(handlers: MessageHandlers<In>, message: unknown): void {
	if (!isRecord(message) || typeof message.type !== 'string' || !Object.hasOwn(handlers, message.type)) {
		return;
	}
	const handler = (handlers as unknown as Readonly<Record<string, (message: In) => void>>)[message.type];
	handler(message as unknown as In);
}
