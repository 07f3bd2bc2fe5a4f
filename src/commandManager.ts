/**
 * One small class per command; this registry holds them. `extension.ts` registers the IDs with VS Code at
 * activation and forwards each call here once the features are loaded. The manager owns what every command shares:
 * the Restricted-Mode refusal for commands that write into the workspace, and the reporting of failures (a
 * notification that says what to do, the detail in the log), so a command holds only its own logic and may throw.
 */
import * as vscode from 'vscode';
import { untrustedWorkspaceError } from './core/errors';
import type { Notifier } from './notifier';

export interface Command {
	readonly id: string;
	/** Names the command in error notifications ("Generate Image failed…"). */
	readonly title: string;
	/** The command writes into the workspace: refused in Restricted Mode before it runs. */
	readonly writesWorkspace?: boolean;
	/** May throw: the manager shows the failure and the command resolves to undefined. */
	execute(...args: unknown[]): unknown;
}

export class CommandManager {
	private readonly _commands = new Map<string, Command>();

	constructor(private readonly _notifier: Notifier) {}

	register<T extends Command>(command: T): T {
		if (this._commands.has(command.id)) {
			throw new Error(`Command ${command.id} is registered twice`);
		}
		this._commands.set(command.id, command);
		return command;
	}

	async execute(id: string, args: unknown[]): Promise<unknown> {
		try {
			return await this.run(id, args);
		} catch (error) {
			this._notifier.error(error, this._commands.get(id)?.title ?? id);
			return undefined;
		}
	}

	/**
	 * Runs a command with the same checks, but throws its failure instead of showing it: for callers that report
	 * failures themselves (a language-model tool tells the model what went wrong).
	 */
	async run(id: string, args: unknown[]): Promise<unknown> {
		const command = this._commands.get(id);
		if (!command) {
			throw new Error(`Command ${id} is not implemented`);
		}
		if (command.writesWorkspace && !vscode.workspace.isTrusted) {
			throw untrustedWorkspaceError(command.title);
		}
		return await command.execute(...args);
	}

	get registeredIds(): string[] {
		return [...this._commands.keys()];
	}
}
