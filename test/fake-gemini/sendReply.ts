// Writes a scripted reply on the wire: a JSON body, a stream (SSE events, or a JSON array without `alt=sse`) with
// pauses between events, Google's error and HTML pages, raw bodies, and the faults: a body cut short, a stall before
// or after the headers, a reset connection. The bodies come from replies.ts.
import { Exchange, JSON_TYPE, SSE_TYPE, destroy, send, sendJson, sleep, writeHead } from './exchange';
import { googleHtmlErrorPage } from './googleErrors';
import { GenerateContext, errorBody, streamChunks, successBody } from './replies';
import type { ScriptedReply } from './scriptedReplies';

type Json = any;

/** Sends the reply to a generate request; `stream` for streamGenerateContent, `sse` when it asked for `alt=sse`. */
export async function sendScriptedReply(ex: Exchange, ctx: GenerateContext, reply: ScriptedReply, stream: boolean, sse: boolean): Promise<void> {
	const streamBody = (chunks: Json[]): string => (sse ? chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`).join('') : JSON.stringify(chunks));
	const contentType = sse ? SSE_TYPE : JSON_TYPE;
	switch (reply.kind) {
		case 'image':
		case 'text':
		case 'noCandidates':
		case 'promptBlocked':
		case 'finishReason':
		case 'corruptBase64': {
			const full = successBody(ctx, reply);
			if (!stream) {
				sendJson(ex, 200, full);
				return;
			}
			const chunks = streamChunks(full);
			const interval = reply.kind === 'image' ? (reply.chunkDelayMs ?? 0) : 0;
			if (!sse) {
				send(ex, 200, JSON_TYPE, JSON.stringify(chunks));
				return;
			}
			writeHead(ex, 200, SSE_TYPE);
			for (const [i, c] of chunks.entries()) {
				if (i > 0 && !(await sleep(ex, interval))) {
					return;
				}
				if (ex.closed) {
					return;
				}
				ex.res.write(`data: ${JSON.stringify(c)}\r\n\r\n`);
			}
			ex.res.end();
			return;
		}
		case 'error': {
			const body = errorBody(reply, ctx.model, ex.rec.apiVersion ?? 'v1beta', ex.rec.action ?? 'generateContent');
			const payload = reply.wrapInArray ? [body] : body;
			if (stream && sse && reply.midStream) {
				const first = streamChunks(successBody(ctx, { kind: 'image', thoughts: false, grounding: false })).filter((c) =>
					c.candidates?.[0]?.content?.parts?.some((p: Json) => p.inlineData),
				)[0];
				writeHead(ex, 200, SSE_TYPE);
				ex.res.write(`data: ${JSON.stringify(first)}\r\n\r\n`);
				ex.res.end(`data: ${JSON.stringify(payload)}\r\n\r\n`);
				return;
			}
			send(ex, reply.status, reply.contentType ?? JSON_TYPE, JSON.stringify(payload));
			return;
		}
		case 'html':
			send(ex, reply.status ?? 502, 'text/html; charset=UTF-8', reply.body ?? googleHtmlErrorPage(reply.status ?? 502));
			return;
		case 'raw':
			send(ex, reply.status ?? 200, reply.contentType ?? JSON_TYPE, reply.body, reply.headers);
			return;
		case 'truncated': {
			const full = successBody(ctx, { kind: 'image', thoughts: false, grounding: false });
			let text: string;
			let cut: number;
			if (stream) {
				const events = streamChunks(full).map((c) => (sse ? `data: ${JSON.stringify(c)}\r\n\r\n` : JSON.stringify(c)));
				text = sse ? events.join('') : `[${events.join(',')}]`;
				cut = sse ? events[0].length + Math.floor((events[1]?.length ?? 0) / 2) : Math.floor(text.length / 2);
			} else {
				text = JSON.stringify(full);
				cut = Math.floor(text.length / 2);
			}
			const bytes = Buffer.from(text, 'utf8');
			const prefix = bytes.subarray(0, Math.min(bytes.length, reply.afterBytes ?? cut));
			writeHead(ex, 200, stream ? contentType : JSON_TYPE);
			if (reply.end) {
				ex.res.end(prefix);
				return;
			}
			ex.res.write(prefix, () => {
				// Give the bytes a moment to reach the client before the reset.
				const t = setTimeout(() => destroy(ex), 20);
				ex.timers.add(t);
			});
			return;
		}
		case 'stall': {
			const phase = reply.phase ?? 'beforeHeaders';
			if (phase === 'beforeHeaders') {
				return;
			}
			writeHead(ex, 200, stream ? contentType : JSON_TYPE);
			if (phase === 'afterHeaders') {
				ex.res.flushHeaders();
				return;
			}
			const full = successBody(ctx, { kind: 'image', thoughts: false, grounding: false });
			const text = stream ? streamBody(streamChunks(full).slice(0, 1)) : JSON.stringify(full);
			ex.res.write(stream && sse ? text : text.slice(0, Math.floor(text.length / 2)));
			return;
		}
		case 'disconnect':
			destroy(ex);
			return;
		case 'delay':
			// Unwrapped by unwrapDelay() before this; here only for exhaustiveness.
			return sendScriptedReply(ex, ctx, reply.reply, stream, sse);
	}
}
