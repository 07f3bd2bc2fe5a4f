// Samples the resident memory of the code-server process tree and of everything else this process
// started (Chromium + driver) from /proc, so each run can report its peak. Linux only; elsewhere no-op.
import * as fs from 'fs';

interface ProcInfo {
	ppid: number;
	rssKiB: number;
}

function readProcs(): Map<number, ProcInfo> {
	const procs = new Map<number, ProcInfo>();
	let entries: string[];
	try {
		entries = fs.readdirSync('/proc');
	} catch {
		return procs;
	}
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}
		try {
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
			const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
			const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
			procs.set(Number(entry), { ppid, rssKiB });
		} catch {
			// The process ended while we looked.
		}
	}
	return procs;
}

function treeRss(procs: Map<number, ProcInfo>, root: number, exclude: Set<number>): number {
	const children = new Map<number, number[]>();
	for (const [pid, info] of procs) {
		const list = children.get(info.ppid) ?? [];
		list.push(pid);
		children.set(info.ppid, list);
	}
	let total = 0;
	const stack = [root];
	while (stack.length > 0) {
		const pid = stack.pop()!;
		if (exclude.has(pid)) {
			continue;
		}
		total += procs.get(pid)?.rssKiB ?? 0;
		stack.push(...(children.get(pid) ?? []));
	}
	return total;
}

export class MemorySampler {
	private timer: NodeJS.Timeout | undefined;
	peakServerKiB = 0;
	peakOthersKiB = 0;

	constructor(private readonly serverPid: () => number | undefined) {}

	start(intervalMs = 1000): void {
		if (process.platform !== 'linux') {
			return;
		}
		this.timer = setInterval(() => this.sample(), intervalMs);
		this.timer.unref();
	}

	sample(): void {
		const procs = readProcs();
		const server = this.serverPid();
		if (server !== undefined) {
			this.peakServerKiB = Math.max(this.peakServerKiB, treeRss(procs, server, new Set()));
		}
		// Everything below this process except code-server and this process itself (= Chromium tree).
		const others = treeRss(procs, process.pid, new Set(server !== undefined ? [server] : [])) - (procs.get(process.pid)?.rssKiB ?? 0);
		this.peakOthersKiB = Math.max(this.peakOthersKiB, others);
	}

	stop(): string {
		if (this.timer) {
			clearInterval(this.timer);
			this.timer = undefined;
		}
		if (process.platform !== 'linux') {
			return '';
		}
		const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
		return `peak RSS: code-server tree ${mib(this.peakServerKiB)}, Chromium tree ${mib(this.peakOthersKiB)}, driver ${mib(process.resourceUsage().maxRSS)}`;
	}
}
