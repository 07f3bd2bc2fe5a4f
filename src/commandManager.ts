/** One small class per command; this registry registers them all and owns their disposables. */
import * as vscode from 'vscode';

export interface Command {
	readonly id: string;
	execute(...args: unknown[]): unknown;
}

export class CommandManager implements vscode.Disposable {
	private readonly _registrations = new Map<string, vscode.Disposable>();

	register<T extends Command>(command: T): T {
		if (this._registrations.has(command.id)) {
			throw new Error(`Command ${command.id} is registered twice`);
		}
		this._registrations.set(command.id, vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.execute(...args)));
		return command;
	}

	get registeredIds(): string[] {
		return [...this._registrations.keys()];
	}

	dispose(): void {
		for (const registration of this._registrations.values()) {
			registration.dispose();
		}
		this._registrations.clear();
	}
}
